/* Forms: a calendar file (.ics) for the meeting.
 * The form scripts are plain scripts (the offline edition runs from file://, where
 * modules do not load), loaded in order on form pages only:
 * forms.js (the form, its values), forms-rows.js (repeatable rows, on forms that
 * have them), forms-checks.js, forms-drafts.js, forms-calendar.js (on forms with a
 * calendar event), forms-print.js (print mirrors; runs last). They share one object,
 * window.coordForm, made by forms.js.
 */
(function () {
  "use strict";
  var F = window.coordForm;
  if (!F) return;
  // the shared parts this script uses (forms.js makes them)
  var def = F.def, ui = F.ui, statusBox = F.statusBox, alertBox = F.alertBox, summary = F.summary,
      fmt = F.fmt, say = F.say, values = F.values, filled = F.filled, download = F.download,
      seconds = F.seconds;

  /* ---------- calendar (.ics) ---------- */

  // RFC 5545: no control characters; text escaped; lines folded at 75 octets of
  // UTF-8, never inside a character (å is two octets, an emoji four)
  function icsText(text) {
    return String(text).replace(/\r\n?/g, "\n").replace(/\t/g, " ")
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/g, "")
      .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  }

  function octets(ch) {
    var cp = ch.codePointAt(0);
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  function fold(line) {
    var out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var n = octets(ch);
      if (size + n > 75) { out.push(current); current = " "; size = 1; }
      current += ch;
      size += n;
    });
    out.push(current);
    return out.join("\r\n");
  }


  function validDate(date) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
    var d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)));
    return d.toISOString().slice(0, 10) === date;
  }

  // local date and time, secs after the day's midnight (may run into the next day)
  function stamp(date, secs) {
    var d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 0, 0, secs));
    return d.toISOString().slice(0, 19).replace(/[-:]/g, "");
  }

  // the event's name, with the short title the person or sender chose (initials, a word)
  function summaryText(cal, vals) {
    var title = cal.title ? String(vals[cal.title] || "").replace(/\s+/g, " ").trim() : "";
    return title ? fmt(ui.calendar_summary, { summary: cal.summary, title: title }) : cal.summary;
  }

  function calendar() {
    var cal = def.calendar, vals = values();
    var date = String(vals[cal.date] || "").trim(), startText = cal.start ? vals[cal.start] : "";
    if (!validDate(date)) { say(alertBox, ui.calendar_missing); return; }
    var when;
    if (filled(startText)) {
      var start = seconds(startText);
      if (start === null) { say(alertBox, ui.calendar_missing); return; }
      var end = cal.end && filled(vals[cal.end]) ? seconds(vals[cal.end]) : null;
      if (end !== null && end <= start) {
        // an end before the start (or at it) is a mistake to fix, not an event to make
        var rule = def.rules.filter(function (r) { return r.type === "time_order" && r.then === cal.end; })[0];
        if (rule) { say(alertBox, rule.message); return; }
        end = null;
      }
      if (end === null) end = start + 3600; // an hour when no end is given
      when = ["DTSTART;TZID=Europe/Stockholm:" + stamp(date, start), "DTEND;TZID=Europe/Stockholm:" + stamp(date, end)];
    } else {
      // no time: a reminder for the whole day
      when = ["DTSTART;VALUE=DATE:" + date.replace(/-/g, ""), "DTEND;VALUE=DATE:" + stamp(date, 86400).slice(0, 8)];
    }
    var where = cal.location.map(function (n) { return vals[n]; }).filter(filled).join(", ");
    var what = cal.description.map(function (n) { return vals[n]; }).filter(filled).join("\n\n");
    var now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samordnad planering//forms.js//SV", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VTIMEZONE", "TZID:Europe/Stockholm",
      "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
      "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:" + now + "-" + Math.random().toString(36).slice(2) + "@samordnad-planering",
      "DTSTAMP:" + now
    ].concat(when, ["SUMMARY:" + icsText(summaryText(cal, vals))]);
    if (where) lines.push("LOCATION:" + icsText(where));
    if (what) lines.push("DESCRIPTION:" + icsText(what));
    lines.push("END:VEVENT", "END:VCALENDAR");
    var file = def.id + "-" + date + ".ics";
    download(file, "text/calendar", lines.map(fold).join("\r\n") + "\r\n");
    say(statusBox, fmt(ui.calendar_done, { file: file }));
  }

  F.calendar = calendar;

  F.actions.calendar = calendar;
})();
