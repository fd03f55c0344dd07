// Stands in for `got` inside Electronegativity (see run.ts): every request fails at once,
// so the scan never leaves this machine. Its translation loader falls back to English.
module.exports = function offlineGot() {
  return Promise.reject(new Error('electronegativity runs offline in npm test'));
};
