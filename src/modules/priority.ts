/** Named override priorities; the lower number wins. */
export const priorities = {
  vmOverride: 10,
  force: 50,
  imageMediaOverride: 60,
  plain: 100,
  default: 1000,
  optionDefault: 1500,
} as const;

/** Named order priorities for `mkOrder`; the lower number sorts first. */
export const orderPriorities = {
  before: 500,
  plain: 1000,
  after: 1500,
} as const;
