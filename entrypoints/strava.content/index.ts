import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageRouter } from './router';

export default defineContentScript({
  matches: ['https://www.strava.com/*'],
  main(ctx) {
    startPageRouter(ctx);
  },
});
