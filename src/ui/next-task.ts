// A later task of its own for work that need not share the current one: a message on one
// channel kept for the page's life (a port referenced only by its own handler may be collected
// with the message in flight, and the promise would never settle), no timer clamping, and it
// runs before the next frame when the thread is free.

const waiting: Array<() => void> = [];
let channel: MessageChannel | null = null;

export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
      // Node (unit tests): the port must not keep the process alive.
      (channel.port1 as { unref?: () => void }).unref?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
