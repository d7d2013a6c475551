import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import type { GreenlightEvent } from "../shared/events";
import type { Board } from "../shared/board";
import { CLIENT_TOO_OLD, PROTOCOL_VERSION, type ClientToServerEvents, type JoinReply, type Presence, type ServerToClientEvents } from "../shared/protocol";
import { applyEvent, applyEvents, applyOwnerNames, applySnapshot, initialBoardState, type BoardState, type Connection } from "./board-state";

/**
 * A board's connection to the server (SPEC 5), without React: join with the
 * last applied `seq`, apply events in order, rejoin on a gap, and say
 * "disconnected" the moment the connection is lost. Socket.IO's own
 * connection-state recovery is not relied on: every (re)connect joins again.
 */
export interface BoardConnectionOptions {
  release: string;
  /** Same origin when omitted (the browser). */
  url?: string;
  /** A board-link or API token; a signed-in browser sends its cookie instead. */
  token?: string;
  onChange: (state: BoardState) => void;
  onPresence?: (presence: Presence) => void;
  /** The server no longer serves this board's protocol (a deploy since the page loaded): reload the page by default. */
  onTooOld?: () => void;
  /** The protocol this board speaks: this build's, unless a test plays an older board. */
  protocol?: number;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export class BoardConnection {
  state: BoardState;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private joining = false;

  /** `initial` and `recent`: a page's snapshot and the events before it (see `initialBoardState`). */
  constructor(
    private readonly options: BoardConnectionOptions,
    initial?: Board | null,
    recent: GreenlightEvent[] = [],
  ) {
    this.state = initialBoardState(initial ?? null, recent);
  }

  start(): void {
    const { url, token, socketOptions } = this.options;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = url
      ? io(url, { auth: token ? { token } : {}, ...socketOptions })
      : io({ auth: token ? { token } : {}, ...socketOptions });
    this.socket = socket;
    socket.on("connect", () => this.join());
    socket.on("disconnect", () => this.setConnection("disconnected"));
    socket.on("connect_error", () => this.setConnection("disconnected"));
    socket.on("board:event", (event) => this.receive(event));
    socket.on("board:presence", (presence) => {
      if (presence.release === this.options.release) this.options.onPresence?.(presence);
    });
    socket.on("board:owners", (change) => {
      if (change.release === this.options.release) this.update(applyOwnerNames(this.state, change.owner_names));
    });
  }

  /** The network is gone (the browser said so): do not wait for a timeout to say it. */
  lost(): void {
    this.setConnection("disconnected");
    this.socket?.io.engine?.close();
  }

  stop(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Apply an event as if it had just arrived (the socket calls this; so can a test). */
  receive(event: GreenlightEvent): void {
    if (this.joining) return; // the join reply brings everything up to its seq
    const { state, outcome } = applyEvent(this.state, event);
    if (outcome === "gap") return this.join();
    if (outcome === "applied") this.update({ ...state, connection: "live" });
  }

  private join(): void {
    const socket = this.socket;
    if (!socket) return;
    this.joining = true;
    this.setConnection(this.state.board ? "catching-up" : "connecting");
    const since = this.state.board ? this.state.seq : undefined;
    const request = { release: this.options.release, protocol: this.options.protocol ?? PROTOCOL_VERSION, ...(since !== undefined ? { since } : {}) };
    socket.emit("board:join", request, (reply: JoinReply) => {
      this.joining = false;
      if (!reply.ok && reply.error.code === CLIENT_TOO_OLD) {
        this.update({ ...this.state, connection: "disconnected" });
        this.stop();
        (this.options.onTooOld ?? (() => window.location.reload()))();
        return;
      }
      if (!reply.ok) {
        this.update({ ...this.state, connection: "disconnected" });
        return;
      }
      if ("snapshot" in reply) {
        this.update({ ...applySnapshot(this.state, reply.snapshot, reply.recent), connection: "live" });
        return;
      }
      const { state, outcome } = applyEvents(this.state, reply.events);
      if (outcome === "gap") {
        // The log cannot fill the hole (it never should): start again from a snapshot.
        this.state = { ...state, board: null };
        return this.join();
      }
      // Leads may have changed while this board was away: the log does not say, the reply does.
      this.update({ ...(reply.owner_names ? applyOwnerNames(state, reply.owner_names) : state), connection: "live" });
    });
  }

  private setConnection(connection: Connection): void {
    if (this.state.connection !== connection) this.update({ ...this.state, connection });
  }

  private update(state: BoardState): void {
    this.state = state;
    this.options.onChange(state);
  }
}
