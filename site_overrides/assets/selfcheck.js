/* "När ska samordning erbjudas?": show the one answer that fits the yes/no answers.
 * Nothing is saved or sent. Without this file every answer is shown as text. */
(function () {
  "use strict";
  var form = document.querySelector("[data-selfcheck]");
  if (!form) return;
  var result = document.querySelector("[data-js-result]");
  var staticAnswers = document.querySelector("[data-static]");
  form.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
  staticAnswers.hidden = true;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.querySelector("[data-action=answer]").addEventListener("click", function () {
    var questions = form.querySelectorAll("[data-question]");
    var yes = 0, answered = 0;
    questions.forEach(function (q) {
      var chosen = q.querySelector("input:checked");
      if (chosen) { answered += 1; if (chosen.value === "ja") yes += 1; }
    });
    var key = answered < questions.length ? "answer_incomplete" : (yes > 0 ? "answer_yes" : "answer_no");
    result.querySelectorAll("[data-answer]").forEach(function (el) {
      el.hidden = el.getAttribute("data-answer") !== key;
    });
    result.hidden = false;
    result.focus();
  });
})();
