/**
 * The baseline for the fan-out benchmark: a bare Socket.IO server, same
 * options as Greenlight's, that broadcasts a POSTed payload to a room.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/emit") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    io.to("release:bench").emit("board:event", event);
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 16 * 1024, pingInterval: 1000, pingTimeout: 800 });
io.on("connection", (socket) => {
  socket.on("board:join", (_request: unknown, ack: (reply: unknown) => void) => {
    void socket.join("release:bench");
    ack({ ok: true, seq: 0, events: [] });
  });
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` }));
});
