// Runs dependency-cruiser over src with the rules in .dependency-cruiser.cjs, printing violations the way
// `depcruise src --output-type err` does and failing when there are any. It calls the library rather than the
// `depcruise` command because that command refuses to start on Node 20, which some development machines still
// run, while the library itself works there; on Node 22 or later `npx depcruise src` gives the same answer.
import { cruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
const tsConfig = extractTSConfig(options.tsConfig.fileName);
const result = await cruise(["src"], { ...options, outputType: "err" }, {}, { tsConfig });
process.stdout.write(result.output);
process.exitCode = result.exitCode === 0 ? 0 : 1;
