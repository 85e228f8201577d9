import { createHandlerTarget } from "../helpers/emulatorTarget";
import { defineRequestValidationConformance } from "./conformance/requestValidation";

defineRequestValidationConformance(createHandlerTarget);
