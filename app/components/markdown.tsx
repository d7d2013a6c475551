import Markdown from "react-markdown";

/** Markdown's elements, styled here: the text is not trusted HTML, only these tags come out of it. */
const markdownClass =
  "max-w-none text-slate-800 [&_a]:font-semibold [&_a]:underline [&_blockquote]:mt-2 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:mt-4 [&_h1]:text-xl [&_h1]:font-bold [&_h2]:mt-4 [&_h2]:text-lg [&_h2]:font-bold [&_h3]:mt-4 [&_h3]:font-bold [&_li]:mt-0.5 [&_ol]:mt-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:mt-2 [&_pre]:mt-2 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_table]:mt-2 [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:mt-2 [&_ul]:list-disc [&_ul]:pl-6";

/**
 * Text someone wrote, as Markdown, safely: react-markdown builds elements,
 * never HTML, so raw HTML stays words and its default URL filter drops
 * `javascript:` links. A post-mortem's summary, an SOP's text.
 */
export function SafeMarkdown({ text, ...data }: { text: string } & Record<`data-${string}`, string | boolean>) {
  return (
    <div className={markdownClass} {...data}>
      <Markdown>{text}</Markdown>
    </div>
  );
}
