import { createHandlerTarget } from "../helpers/emulatorTarget";
import { defineRoutingConformance } from "./conformance/routing";

defineRoutingConformance(createHandlerTarget);
