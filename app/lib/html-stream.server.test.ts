import { PassThrough, type Duplex } from "node:stream";
import { buffer } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withoutNulPadding } from "./html-stream.server";

/** A page of many short Chinese texts, streamed as entry.server.tsx streams it. */
function render(through: Duplex): Promise<Buffer> {
  const page = createElement(
    "ul",
    null,
    Array.from({ length: 600 }, (_, i) => createElement("li", { key: i, "data-label": "计划" }, `任务 ${i}`)),
  );
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page, {
      onAllReady() {
        pipe(through);
        buffer(through).then(resolve, reject);
      },
      onError: reject,
    });
  });
}

describe("the HTML stream", () => {
  it("React 18.3 alone pads chunks with NUL bytes where a Chinese character crosses a buffer boundary", async () => {
    // When this fails, React no longer pads: withoutNulPadding can go.
    expect((await render(new PassThrough())).includes(0)).toBe(true);
  });

  it("reaches the browser without them, every character intact", async () => {
    const html = await render(withoutNulPadding());
    expect(html.includes(0)).toBe(false);
    const text = html.toString("utf8");
    expect(text).not.toContain("\uFFFD");
    expect(text.match(/data-label="计划"/g)).toHaveLength(600);
    expect(text).toContain("任务 599");
  });
});
