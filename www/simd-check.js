// Shardlane's WebAssembly is built with SIMD (simd128: the partition keys' MD5s are computed four
// at a time). Every current browser has it (Chrome and Edge 91, Firefox 89, Safari 16.4); an older
// one cannot compile the page's module at all. This check runs before the module loads and, in such
// a browser, says so plainly instead of leaving an empty page.
(function () {
  // The smallest module using a SIMD instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
  const simdModule = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
  ]);
  let supported = false;
  try {
    supported = typeof WebAssembly === 'object' && WebAssembly.validate(simdModule);
  } catch (error) {
    supported = false;
  }
  if (supported) return;
  const explain = () => {
    const message = document.createElement('p');
    message.className = 'status error no-simd';
    message.setAttribute('role', 'alert');
    message.textContent = 'Shardlane cannot start in this browser: its WebAssembly lacks SIMD (simd128), '
      + 'which Shardlane uses to hash partition keys. Any current Chrome, Edge, Firefox or Safari '
      + '(Safari 16.4 or later) runs it; the shardlane command line works everywhere.';
    document.body.prepend(message);
  };
  if (document.body) explain();
  else document.addEventListener('DOMContentLoaded', explain);
})();
