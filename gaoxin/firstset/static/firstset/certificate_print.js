// The tender certificate's Print button (no inline handlers under the Content-Security-Policy).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print-button]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
