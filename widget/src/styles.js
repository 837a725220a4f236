// Styles of the widget, inside its shadow root (the host page's CSS cannot break it).
export function styles(color) {
  return `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 28px;
  padding: 14px 20px; background: ${color}; color: #fff; font-size: 16px; font-weight: 600; cursor: pointer;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 370px; height: min(600px, calc(100vh - 40px));
  display: flex; flex-direction: column; background: #fff; color: #1d1d1d; border-radius: 14px;
  box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; font-size: 15px; }
.panel[hidden], .launcher[hidden] { display: none; }
@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100%; border-radius: 0; } }
header { background: ${color}; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 10px; }
header .avatar { flex: none; width: 36px; height: 36px; border-radius: 50%; object-fit: cover; background: #fff; }
header .titles { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 17px; }
header p { margin: 2px 0 0; font-size: 13px; opacity: .9; }
header h2, header p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.icon-button { background: transparent; color: #fff; border: 0; font-size: 22px; line-height: 1; cursor: pointer; padding: 4px 8px; border-radius: 6px; }
.clear { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.8); border-radius: 6px; padding: 4px 8px; font-size: 12px; cursor: pointer; white-space: nowrap; }
.notice { margin: 0; padding: 8px 14px; font-size: 14px; background: #fff4d6; color: #5a4300; }
.notice.agent { background: #e5f3e8; color: #144d22; font-weight: 600; }
.notice[hidden] { display: none; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f7f5f2; }
.message { max-width: 85%; padding: 8px 11px; border-radius: 12px; line-height: 1.4; overflow-wrap: anywhere; }
.message .who { display: block; font-size: 12px; font-weight: 700; margin-bottom: 2px; color: #555; }
.from-bot, .from-agent { align-self: flex-start; background: #fff; border: 1px solid #e2ddd5; }
.from-agent { border-left: 4px solid ${color}; }
.from-user { align-self: flex-end; background: ${color}; color: #fff; }
.from-user .who { color: #f1e3e5; }
.message.pending { opacity: .6; }
.message a { color: inherit; text-decoration: underline; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; }
.choices button { border: 1px solid ${color}; color: ${color}; background: #fff; border-radius: 16px; padding: 6px 12px; font-size: 14px; cursor: pointer; text-align: left; }
.choices button:disabled { opacity: .5; cursor: default; }
.typing { align-self: flex-start; padding: 6px 12px; color: #555; font-size: 14px; font-style: italic; }
.typing[hidden] { display: none; }
.human-bar { padding: 6px 10px 0; background: #fff; border-top: 1px solid #e2ddd5; }
.human-bar[hidden] { display: none; }
.human { border: 1px solid ${color}; color: ${color}; background: #fff; border-radius: 16px; padding: 6px 12px;
  font-size: 14px; font-weight: 600; cursor: pointer; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e2ddd5; background: #fff; }
.human-bar:not([hidden]) + form { border-top: 0; }
/* 16 px at least: iOS Safari zooms into a smaller text field when it gets the focus. */
textarea { flex: 1; resize: none; font-size: 16px; padding: 8px; border: 1px solid #999; border-radius: 8px; min-height: 40px; max-height: 120px; }
.send { background: ${color}; color: #fff; border: 0; border-radius: 8px; padding: 0 14px; font-size: 16px; font-weight: 600; cursor: pointer; }
button:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #e0a800; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
}
