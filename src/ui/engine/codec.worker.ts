// A helper worker for scenario links: decoding (inflate, JSON, validation) and encoding
// (JSON, deflate) of links up to the maximum size run here, so the page never freezes on
// a huge link and zod and fflate stay out of the main bundle.
import { decodeFragment, encodeFragment } from '../../sim/scenario/url';
import type { Scenario } from '../../sim/scenario/schema';

export type CodecRequest = { id: number; kind: 'decode'; text: string } | { id: number; kind: 'encode'; scenario: Scenario };
export type CodecResponse =
  | { id: number; kind: 'decoded'; ok: true; scenario: Scenario }
  | { id: number; kind: 'decoded'; ok: false; message: string; path: string }
  | { id: number; kind: 'encoded'; fragment: string }
  | { id: number; kind: 'failed'; message: string };

const scope = self as unknown as {
  postMessage(m: CodecResponse): void;
  addEventListener(t: 'message', fn: (e: MessageEvent<CodecRequest>) => void): void;
};

scope.addEventListener('message', (e) => {
  const r = e.data;
  try {
    if (r.kind === 'decode') {
      const res = decodeFragment(r.text);
      scope.postMessage(res.ok ? { id: r.id, kind: 'decoded', ok: true, scenario: res.scenario } : { id: r.id, kind: 'decoded', ...res });
    } else {
      scope.postMessage({ id: r.id, kind: 'encoded', fragment: encodeFragment(r.scenario) });
    }
  } catch (err) {
    scope.postMessage({ id: r.id, kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
});
