import { type ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter } from '@angular/router';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // No zone.js: signals, the async pipe and events schedule change detection. Streams and
    // timers of gradio-rx then never keep the app "unstable".
    provideZonelessChangeDetection(),
    provideRouter(routes),
  ],
};
