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

  // the event's name (another one when a choice says so, e.g. a follow-up meeting), with the
  // short title the person or sender chose (initials, a word)
  function summaryText(cal, vals) {
    var name = cal.summary;
    var by = cal.summary_by;
    if (by && typeof vals[by.field] === "string" && Object.prototype.hasOwnProperty.call(by.summaries, vals[by.field])) {
      name = by.summaries[vals[by.field]];
    }
    var title = cal.title ? String(vals[cal.title] || "").replace(/\s+/g, " ").trim() : "";
    return title ? fmt(ui.calendar_summary, { summary: name, title: title }) : name;
  }

  // one VEVENT's lines, or {problem: message} when the event cannot be made
  function eventLines(cal, vals, now, n) {
    var date = String(vals[cal.date] || "").trim(), startText = cal.start ? vals[cal.start] : "";
    if (!validDate(date)) return { problem: ui.calendar_missing };
    var when, timed = false;
    if (filled(startText)) {
      var start = seconds(startText);
      if (start === null) return { problem: ui.calendar_missing };
      var end = cal.end && filled(vals[cal.end]) ? seconds(vals[cal.end]) : null;
      if (end !== null && end <= start) {
        // an end before the start (or at it) is a mistake to fix, not an event to make
        var rule = def.rules.filter(function (r) { return r.type === "time_order" && r.then === cal.end; })[0];
        if (rule) return { problem: rule.message };
        end = null;
      }
      if (end === null) end = start + 3600; // an hour when no end is given
      when = ["DTSTART;TZID=Europe/Stockholm:" + stamp(date, start), "DTEND;TZID=Europe/Stockholm:" + stamp(date, end)];
      timed = true;
    } else {
      // no time: a reminder for the whole day
      when = ["DTSTART;VALUE=DATE:" + date.replace(/-/g, ""), "DTEND;VALUE=DATE:" + stamp(date, 86400).slice(0, 8)];
    }
    var where = cal.location.map(function (name) { return vals[name]; }).filter(filled).join(", ");
    var what = cal.description.map(function (name) { return vals[name]; }).filter(filled);
    var details = (cal.details || []).filter(function (d) { return filled(vals[d.field]); })
      .map(function (d) { return d.label + ": " + String(vals[d.field]).trim(); });
    if (details.length) what.push(details.join("\n"));
    var lines = [
      "BEGIN:VEVENT",
      "UID:" + now + "-" + n + "-" + Math.random().toString(36).slice(2) + "@samordnad-planering",
      "DTSTAMP:" + now
    ].concat(when, ["SUMMARY:" + icsText(summaryText(cal, vals))]);
    if (where) lines.push("LOCATION:" + icsText(where));
    if (what.length) lines.push("DESCRIPTION:" + icsText(what.join("\n\n")));
    if (cal.alarm) {
      // the day before: at the same time for a meeting, at 09.00 for a whole day
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + icsText(cal.alarm),
                 "TRIGGER;RELATED=START:" + (timed ? "-P1D" : "-PT15H"), "END:VALARM");
    }
    lines.push("END:VEVENT");
    return { lines: lines, date: date };
  }

  // every event whose date is filled in, in one file
  function calendar() {
    var vals = values();
    var now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var made = def.calendar.map(function (cal, n) { return eventLines(cal, vals, now, n); });
    var events = made.filter(function (e) { return e.lines; });
    if (!events.length || (made.length === 1 && made[0].problem)) { say(alertBox, made[0].problem); return; }
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samordnad planering//forms.js//SV", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VTIMEZONE", "TZID:Europe/Stockholm",
      "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
      "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE"
    ];
    events.forEach(function (e) { lines = lines.concat(e.lines); });
    lines.push("END:VCALENDAR");
    var file = def.id + "-" + events[0].date + ".ics";
    download(file, "text/calendar", lines.map(fold).join("\r\n") + "\r\n");
    say(statusBox, fmt(ui.calendar_done, { file: file }));
  }

  F.calendar = calendar;

  F.actions.calendar = calendar;
})();
