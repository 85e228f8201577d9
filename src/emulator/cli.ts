#!/usr/bin/env node
// keyvault-emulator: placeholder until the emulator lands; prints usage and exits 2.
process.stderr.write("usage: keyvault-emulator [--port 8443] [--host 127.0.0.1] [--http]\n");
process.exit(2);
