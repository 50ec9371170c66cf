// The shop side of `bench:shop-push`, in its own process so the pushing process's peak RSS is
// measured alone: a gateway at the data directory given as argument, whose /1c_exchange.php takes
// the push. Talks to the parent over the fork IPC channel: sends {url} once listening, answers
// 'count' with the Products it has and its own peak RSS, and stops on 'stop'.
import { adminActor } from '../../../gateway/currencies/cli-actor.js';
import { gatewayAt } from './gateway-at.js';

const dir = process.argv[2];
if (!dir || !process.send) throw new Error('run by scripts/bench/shop-push.ts through fork');
const send = (message: unknown): void => {
  process.send?.(message);
};
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 100);
const shop = await gatewayAt(dir);
send({ url: shop.url });
process.on('message', (message) => {
  void (async () => {
    if (message === 'count') {
      const products = await shop.store.records.count(await adminActor(shop.store), 'Products');
      send({ products, peakRss: peak });
    } else if (message === 'stop') {
      clearInterval(sampler);
      await shop.stop();
      process.disconnect();
    }
  })();
});
