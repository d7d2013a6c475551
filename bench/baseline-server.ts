/**
 * The baseline for the evidence-write benchmark: bare Express + better-sqlite3
 * inserting one row per POST, with the same pragmas as Greenlight's database.
 */
import express from "express";
import { openDatabase } from "../db/client";

const db = openDatabase(process.env.DATABASE_URL!).$client;
db.exec("create table if not exists writes (id integer primary key, value real not null, at text not null)");
const insert = db.prepare("insert into writes (value, at) values (?, ?)");

const app = express();
app.disable("x-powered-by");
app.use(express.json({ limit: "1mb" }));
app.post("/write", (req, res) => {
  const { lastInsertRowid } = insert.run(Number(req.body.value), new Date().toISOString());
  res.json({ id: Number(lastInsertRowid) });
});
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` }));
});
