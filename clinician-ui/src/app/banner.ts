// Error and status banners at the top of every screen. One banner per topic (e.g. "server",
// "session"), so a repeated failure updates its banner instead of stacking copies.

export interface BannerAction {
  readonly label: string;
  readonly run: () => void;
}

export type BannerLevel = 'error' | 'warning' | 'info';

const host = (): HTMLElement => document.getElementById('banners') as HTMLElement;

export function showBanner(topic: string, level: BannerLevel, message: string, actions: readonly BannerAction[] = []): void {
  let banner = host().querySelector<HTMLDivElement>(`[data-topic="${topic}"]`);
  if (banner === null) {
    banner = document.createElement('div');
    banner.dataset['topic'] = topic;
    host().append(banner);
  }
  banner.className = `banner banner-${level}`;
  const text = document.createElement('span');
  text.textContent = message;
  const buttons = actions.map((action) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.addEventListener('click', action.run);
    return button;
  });
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'banner-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => clearBanner(topic));
  banner.replaceChildren(text, ...buttons, close);
}

export function clearBanner(topic: string): void {
  host().querySelector(`[data-topic="${topic}"]`)?.remove();
}
