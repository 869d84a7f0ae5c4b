/** The browser tab's title: "network.wcmodel — Weightcraft", with "● " in front while unsaved. */
export const APP_NAME = 'Weightcraft';

export function documentTitle(state: { title: string; dirty: boolean }): string {
  const name = state.title.trim();
  const title = name && name !== APP_NAME ? `${name} — ${APP_NAME}` : APP_NAME;
  return state.dirty ? `● ${title}` : title;
}
