import { createHandlerTarget } from "../helpers/emulatorTarget";
import { defineBackupRestoreConformance } from "./conformance/backupRestore";

defineBackupRestoreConformance(createHandlerTarget);
