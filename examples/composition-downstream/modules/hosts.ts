/** The downstream project's device: upstream's composition, extended at the profile and target layers. */
import { myDevice } from "../profiles/my-device.js";

export default {
  den: {
    hosts: { "x86_64-linux": { "my-device": {} } },
    aspects: { "my-device": { os: { imports: [myDevice] } } },
  },
};
