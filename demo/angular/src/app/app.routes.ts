import type { Routes } from '@angular/router';
import { AboutPage } from './about/about-page';
import { ChatPage } from './chat/chat-page';
import { VisionPage } from './vision/vision-page';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'chat' },
  { path: 'chat', component: ChatPage, title: 'Chat · gradio-rx' },
  { path: 'vision', component: VisionPage, title: 'Vision · gradio-rx' },
  { path: 'about', component: AboutPage, title: 'About · gradio-rx' },
  { path: '**', redirectTo: 'chat' },
];
