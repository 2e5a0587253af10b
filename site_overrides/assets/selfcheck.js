/* "När ska samordning erbjudas?": show the one answer that fits the yes/no answers.
 * Nothing is saved or sent. Without this file every answer is shown as text. */
(function () {
  "use strict";
  var form = document.querySelector("[data-selfcheck]");
  if (!form) return;
  var answers = JSON.parse(document.getElementById("selfcheck-answers").textContent);
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
    var text = answered < questions.length ? answers.answer_incomplete
      : (yes > 0 ? answers.answer_yes : answers.answer_no);
    result.querySelector("[data-answer]").textContent = text;
    result.hidden = false;
    result.focus();
  });
})();
