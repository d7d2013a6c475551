import { io, type Socket } from "socket.io-client";
import { monotonicMs } from "./support";

/**
 * A client process of the fan-out benchmark (forked by bench/fanout.ts): holds
 * its share of both servers' socket.io clients, so no single process decodes
 * every frame (real boards are separate machines). Arrivals are stamped on the
 * shared monotonic clock; a (side, seq) is reported once, when every client
 * of that side here has it, so IPC stays at one message per write per process.
 */

export type Side = "greenlight" | "baseline";

/** Coordinator → client process; each gets one reply with its id. */
export type Request =
  /** Open `count` more clients on `url` and join release "bench". Reply: null. */
  | { id: number; type: "connect"; side: Side; url: string; count: number; token?: string }
  /** Per client, the seqs sent that it never got and whether it got them in order. Reply: Audit. */
  | { id: number; type: "audit"; side: Side; sent: number[] }
  /** Give up on a seq some clients here never got. Reply: the arrivals there were. */
  | { id: number; type: "flush"; side: Side; seq: number }
  /** Disconnect every client, then exit. Reply: null. */
  | { id: number; type: "close" };

/** Client process → coordinator. Reply id 0, sent unasked, says the process is ready. */
export type Message = { type: "reply"; id: number; result?: unknown; error?: string } | { type: "arrived"; side: Side; seq: number; arrivals: number[] };

export interface Audit {
  lost: number;
  outOfOrder: number;
}

interface Client {
  socket: Socket;
  /** Every seq this client was sent, in arrival order. */
  seqs: number[];
}

interface Holding {
  clients: Client[];
  /** The seqs not yet every client here has: which clients have them, and when each got it. */
  pending: Map<number, { got: Set<Client>; arrivals: number[] }>;
  /** Seqs reported, or flushed after the timeout: a late or repeated arrival is audited, not reported. */
  closed: Set<number>;
}

// Only as a child: importing it for its types loads nothing (they are erased).
if (!process.send) throw new Error("bench/fanout-clients.ts is forked by bench/fanout.ts");
const send = (message: Message, sent?: () => void) => process.send!(message, undefined, {}, sent);

const sides: Record<Side, Holding> = {
  greenlight: { clients: [], pending: new Map(), closed: new Set() },
  baseline: { clients: [], pending: new Map(), closed: new Set() },
};

async function connect(side: Side, url: string, count: number, token?: string): Promise<null> {
  const holding = sides[side];
  const opened = Array.from({ length: count }, async () => {
    const socket = io(url, { auth: token ? { token } : {}, transports: ["websocket"], reconnection: false, forceNew: true });
    const client: Client = { socket, seqs: [] };
    socket.on("board:event", (event: { seq: number }) => {
      const at = monotonicMs();
      client.seqs.push(event.seq);
      if (holding.closed.has(event.seq)) return;
      let pending = holding.pending.get(event.seq);
      if (!pending) holding.pending.set(event.seq, (pending = { got: new Set(), arrivals: [] }));
      // A repeat is not another client: the share is complete when every client has it once.
      if (pending.got.has(client)) return;
      pending.got.add(client);
      pending.arrivals.push(at);
      if (pending.got.size === holding.clients.length) {
        send({ type: "arrived", side, seq: event.seq, arrivals: pending.arrivals });
        holding.pending.delete(event.seq);
        holding.closed.add(event.seq);
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const reply = await new Promise<{ ok: boolean; error?: unknown }>((resolve) => socket.emit("board:join", { release: "bench" }, resolve));
    // A client outside the room would make every write wait for the timeout.
    if (!reply.ok) throw new Error(`board:join refused: ${JSON.stringify(reply.error)}`);
    return client;
  });
  holding.clients.push(...(await Promise.all(opened)));
  return null;
}

/** Per client: the seqs sent that it never got, and whether what it got is in increasing order. */
function audit(side: Side, sent: number[]): Audit {
  let lost = 0;
  let outOfOrder = 0;
  for (const client of sides[side].clients) {
    const got = new Set(client.seqs);
    lost += sent.filter((seq) => !got.has(seq)).length;
    if (client.seqs.some((seq, j) => j > 0 && seq <= client.seqs[j - 1]!)) outOfOrder += 1;
  }
  return { lost, outOfOrder };
}

function flush(side: Side, seq: number): number[] {
  const { pending, closed } = sides[side];
  const arrivals = pending.get(seq)?.arrivals ?? [];
  pending.delete(seq);
  closed.add(seq);
  return arrivals;
}

async function handle(request: Request): Promise<unknown> {
  switch (request.type) {
    case "connect":
      return connect(request.side, request.url, request.count, request.token);
    case "audit":
      return audit(request.side, request.sent);
    case "flush":
      return flush(request.side, request.seq);
    case "close":
      for (const { clients } of Object.values(sides)) for (const c of clients) c.socket.disconnect();
      return null;
  }
}

process.on("message", (request: Request) => {
  handle(request).then(
    // Once the channel closes after the reply to "close", nothing is left to keep the process alive: it exits.
    (result) => send({ type: "reply", id: request.id, result }, request.type === "close" ? () => process.disconnect() : undefined),
    (error: unknown) => send({ type: "reply", id: request.id, error: String(error) }),
  );
});
// Never outlive the coordinator, however it ended: its channel closing is the end.
process.on("disconnect", () => process.exit(0));
send({ type: "reply", id: 0, result: null });
