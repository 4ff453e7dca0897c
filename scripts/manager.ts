// npm run manager -- --tasks N [--workers N]: the manager agent process; serves the task board
// on BOARD_PORT, runs N tasks to settlement and exits 0 when every one settled.
import { managerMain } from "../agents/multi/managerMain.js";

const result = await managerMain(process.argv.slice(2), process.env, (line) => console.error(line));
console.log(JSON.stringify(result));
process.exit(result.settled === result.tasks ? 0 : 1);
