import { createHandlerTarget } from "../helpers/emulatorTarget";
import { defineSoftDeleteConformance } from "./conformance/softDelete";

defineSoftDeleteConformance(createHandlerTarget);
