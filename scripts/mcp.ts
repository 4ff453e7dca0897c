// ./run mcp -- --role worker|client [--profile ada] [--http <port>]: an MCP server that is an
// agent's body (wallet, identity, endpoint, transactions) for an MCP host's model.
// Over standard input/output, stdout carries protocol messages only: every log goes to stderr.
console.log = console.info = console.debug = console.error;
const { runMcp } = await import("../agents/mcp/runMcp.js");
await runMcp(process.argv.slice(2), process.env);
