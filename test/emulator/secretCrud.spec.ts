import { createHandlerTarget } from "../helpers/emulatorTarget";
import { defineSecretCrudConformance } from "./conformance/secretCrud";

defineSecretCrudConformance(createHandlerTarget);
