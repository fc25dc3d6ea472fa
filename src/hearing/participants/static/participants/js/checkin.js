// Check-in: scan a ticket's QR code with the camera (BarcodeDetector where the browser has it,
// else the vendored jsQR) and submit it; typing the code always works without any of this.
(function () {
  "use strict";
  var button = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var canvas = document.getElementById("scan-canvas");
  var status = document.getElementById("scan-status");
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("id_code");
  if (!button || !video || !form || !input) return;
  // The scanner stays hidden until this point: a click before the script ran would go nowhere.
  button.closest("section").hidden = false;
  var stream = null;
  var detector = null;
  var timer = null;

  function stop() {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    button.textContent = button.dataset.textStart;
  }

  function found(code) {
    stop();
    input.value = code;
    form.submit();
  }

  function decodeWithJsQR() {
    if (typeof window.jsQR !== "function" || !video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    var result = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return result ? result.data : null;
  }

  function tick() {
    if (!stream) return;
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) { found(codes[0].rawValue); } else { timer = window.setTimeout(tick, 200); }
      }).catch(function () { detector = null; timer = window.setTimeout(tick, 200); });
      return;
    }
    var code = decodeWithJsQR();
    if (code) { found(code); } else { timer = window.setTimeout(tick, 200); }
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = button.dataset.textUnavailable;
      input.focus();
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        button.textContent = button.dataset.textStop;
        status.textContent = "";
        if ("BarcodeDetector" in window) {
          try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
        }
        return video.play();
      })
      .then(function () { tick(); })
      .catch(function () {
        stop();
        status.textContent = button.dataset.textUnavailable;
        input.focus();
      });
  });
})();
