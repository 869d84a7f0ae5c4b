/**
 * One turn of the event loop, so messages waiting for a long operation (signals, cancellation)
 * are handled, without a timer's floor: `setTimeout(0)` waits at least 1 ms in Node and 4 ms
 * once nested in browsers, a few per cent of a run that yields every 25 ms. Node has
 * `setImmediate`; Web Workers get the same from a MessageChannel, whose messages queue behind
 * the ones already received.
 */
interface Port {
  onmessage: (() => void) | null;
  postMessage(message: null): void;
}

type Turn = (callback: () => void) => void;

const host = globalThis as {
  setImmediate?: (callback: () => void) => unknown;
  MessageChannel?: new () => { port1: Port; port2: Port };
};

function channelTurn(Channel: new () => { port1: Port; port2: Port }): Turn {
  const waiting: (() => void)[] = [];
  const { port1, port2 } = new Channel();
  port1.onmessage = () => waiting.shift()?.();
  return (callback) => {
    waiting.push(callback);
    port2.postMessage(null);
  };
}

const turn: Turn = host.setImmediate
  ? (callback) => void host.setImmediate!(callback)
  : host.MessageChannel
    ? channelTurn(host.MessageChannel)
    : (callback) => void setTimeout(callback, 0);

export const nextTurn = (): Promise<void> => new Promise((resolve) => turn(resolve));
