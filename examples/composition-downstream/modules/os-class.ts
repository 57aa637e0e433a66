/** The OS class: hosts of class `os` are evaluated with tsden's OS vocabulary. */
import { osClassModule } from "tsden";

export default osClassModule;
