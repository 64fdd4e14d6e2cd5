/**
 * Turning what librarians write into something a phone can show without risk: Markdown to
 * HTML with raw HTML switched off, then an allowlist pass over the result; SVG pictures
 * reduced to drawing elements. Runs at import, never on the phone (DESIGN §6).
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

/** What a reference in a lesson points at, as the importer resolves it. */
export type Resolved = { url: string; type?: string } | { error: string };

const md = new MarkdownIt({ html: false, linkify: false, typographer: true });

// "![description](../video/clip.mp4)" shows a player: a picture's syntax for any media file.
const renderImage = md.renderer.rules.image;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const kind = token?.attrGet('data-kind');
  if (token && (kind === 'video' || kind === 'audio')) {
    const src = md.utils.escapeHtml(String(token.attrGet('src') ?? ''));
    const label = md.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
    return `<${kind} controls preload="metadata" src="${src}" aria-label="${label}"></${kind}>`;
  }
  return renderImage ? renderImage(tokens, idx, options, env, self) : '';
};

const LESSON_TAGS = [
  'p',
  'h2',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'a',
  'img',
  'blockquote',
  'code',
  'pre',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'video',
  'audio'
];

/** A file of the course by its path, resolved to its content hash when shown. */
const ASSET_URL = /^asset:[^\s"'<>:]+$/;
const OUTSIDE_LINK = /^(https?:|mailto:|tel:)/i;

const lessonPolicy: sanitizeHtml.IOptions = {
  allowedTags: LESSON_TAGS,
  allowedAttributes: {
    a: ['href', 'rel', 'target'],
    img: ['src', 'alt', 'loading', 'decoding'],
    video: ['src', 'controls', 'preload', 'aria-label'],
    audio: ['src', 'controls', 'preload', 'aria-label'],
    ol: ['start'],
    th: ['align'],
    td: ['align']
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel', 'asset'],
  // Images only from the course's own files: no remote embeds, no data: URLs.
  allowedSchemesByTag: { img: ['asset'], video: ['asset'], audio: ['asset'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // The lesson title is the page's h1; a Markdown "# " becomes a section heading.
    h1: 'h2',
    img: (tagName, attribs) => ({
      tagName,
      attribs: (ASSET_URL.test(attribs.src ?? '')
        ? { ...attribs, loading: 'lazy', decoding: 'async' }
        : { alt: attribs.alt ?? '' }) as sanitizeHtml.Attributes
    }),
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ?? '';
      if (ASSET_URL.test(href)) return { tagName, attribs: { href } };
      if (OUTSIDE_LINK.test(href)) {
        return { tagName, attribs: { href, rel: 'noopener noreferrer', target: '_blank' } };
      }
      return { tagName: 'span', attribs: {} };
    }
  },
  exclusiveFilter: (frame) =>
    ['img', 'video', 'audio'].includes(frame.tag) && !ASSET_URL.test(frame.attribs.src ?? '')
};

/** A second, independent pass: whatever the Markdown step let through, only this is kept. */
export function sanitizeLessonHtml(html: string): string {
  return sanitizeHtml(html, lessonPolicy);
}

/**
 * Renders a lesson's Markdown. Images and links to files in the course folder are
 * resolved to content URLs by `resolve`; anything that cannot be resolved, and any image
 * from elsewhere, is reported with its line number instead of being shown.
 */
export function renderMarkdown(
  source: string,
  file: string,
  firstLine: number,
  resolve: (ref: string) => Resolved,
  problems: Problem[]
): string {
  const tokens = md.parse(source, {});
  for (const block of tokens) {
    if (!block.children) continue;
    const line = block.map ? block.map[0] + firstLine : undefined;
    for (const token of block.children) {
      if (token.type === 'image') {
        const src = String(token.attrGet('src') ?? '');
        const alt = token.children?.map((c) => c.content).join('') ?? '';
        if (!alt.trim()) {
          problems.push({ file, line, message: `the image ${src} needs a description (alt text)` });
        }
        if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) {
          problems.push({
            file,
            line,
            message: `the image ${src} is not in the course folder; remote images are not allowed`
          });
          continue;
        }
        const target = resolve(src);
        if ('error' in target) problems.push({ file, line, message: target.error });
        else {
          token.attrSet('src', target.url);
          const kind = target.type?.split('/')[0];
          if (kind === 'video' || kind === 'audio') token.attrSet('data-kind', kind);
        }
      } else if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '');
        if (OUTSIDE_LINK.test(href) || href.startsWith('#')) continue;
        if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) {
          // markdown-it already refuses javascript: and friends; say so instead of hiding it.
          problems.push({ file, line, message: `the link ${href} is not allowed` });
          continue;
        }
        const target = resolve(href);
        if ('error' in target) problems.push({ file, line, message: target.error });
        else token.attrSet('href', target.url);
      }
    }
  }
  return sanitizeLessonHtml(md.renderer.render(tokens, md.options, {}));
}

/** Inline Markdown (quiz prompts and options) to plain text. */
export function plainText(source: string): string {
  return sanitizeHtml(md.renderInline(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

const SVG_TAGS = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'use',
  'symbol',
  'clipPath',
  'mask',
  'linearGradient',
  'radialGradient',
  'stop'
];

const SVG_ATTRIBUTES = [
  'xmlns',
  'xmlns:xlink',
  'viewBox',
  'width',
  'height',
  'preserveAspectRatio',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'dx',
  'dy',
  'd',
  'points',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'clip-path',
  'clip-rule',
  'mask',
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'id',
  'role',
  'aria-label',
  'aria-hidden',
  'href',
  'xlink:href'
];

const svgPolicy: sanitizeHtml.IOptions = {
  parser: { xmlMode: true },
  allowedTags: SVG_TAGS,
  allowedAttributes: { '*': SVG_ATTRIBUTES },
  nonTextTags: ['script', 'style', 'foreignObject', 'iframe', 'textarea', 'noscript'],
  disallowedTagsMode: 'discard',
  transformTags: {
    '*': (tagName, attribs) => {
      const kept: Record<string, string> = {};
      for (const [name, value] of Object.entries(attribs)) {
        // References stay inside the picture: "#id" and url(#id) only.
        if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#')) continue;
        if (/url\(\s*['"]?(?!#)/i.test(value)) continue;
        if (/javascript:|data:/i.test(value)) continue;
        kept[name] = value;
      }
      return { tagName, attribs: kept };
    }
  }
};

/** An SVG picture with only drawing left in it: no script, handlers, styles or links out. */
export function sanitizeSvg(source: string): string | null {
  const clean = sanitizeHtml(source, svgPolicy).trim();
  return clean.startsWith('<svg') ? clean : null;
}
