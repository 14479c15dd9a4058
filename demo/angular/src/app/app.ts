import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The shell: a navigation bar and the routed page. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav>
      <strong>gradio-rx</strong>
      <a routerLink="/chat" routerLinkActive="active">Chat</a>
      <a routerLink="/vision" routerLinkActive="active">Vision</a>
      <a routerLink="/about" routerLinkActive="active">About</a>
    </nav>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    nav {
      display: flex;
      gap: 1.25rem;
      align-items: center;
      padding: 0.75rem 1.5rem;
      background: #1f2430;
      color: #fff;
    }
    nav a {
      color: #c9cedb;
      text-decoration: none;
    }
    nav a.active {
      color: #fff;
      border-bottom: 2px solid #ff7c00;
    }
    main {
      max-width: 46rem;
      margin: 1.5rem auto;
      padding: 0 1rem;
    }
  `,
})
export class App {}
