import { createHandlerTarget } from "../helpers/emulatorTarget";
import { defineListingConformance } from "./conformance/listing";

defineListingConformance(createHandlerTarget);
