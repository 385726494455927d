/*
 * autosave.js: saves the client's answers as they are chosen, on the
 * questionnaire's section pages (templates/assess_section.html).
 *
 * Progressive enhancement only: the form posts and saves without it.
 * The form carries what this needs in data- attributes (the page's CSP
 * allows no inline script): data-autosave, the API endpoint
 * /v1/assessments/<id>/responses, and data-token, the link's token sent
 * as X-Assessment-Token.  Each question is a fieldset[data-question]
 * (data-multi for checkboxes).  A change is saved after a short pause as
 * {"responses": [...], "isPartial": true}; the reply's progress moves the
 * bar.  The status line is aria-live, so a screen reader hears "Saved".
 */
(function () {
	"use strict";

	/*
	 * ms of quiet before saving.  Every save is a request against the
	 * client's rate limit, shared with the page loads, so changes made in
	 * quick succession go as one.
	 */
	var DELAY = 1000;

	var form = document.querySelector("form[data-autosave]");
	if (!form || !window.fetch || !window.JSON)
		return;

	var url = form.getAttribute("data-autosave");
	var token = form.getAttribute("data-token");
	var status = document.querySelector("[data-save-status]");
	var bar = document.querySelector("[data-progress]");
	var barText = document.querySelector("[data-progress-text]");
	var timer = null;
	var busy = false;	/* a save is in flight */
	var again = false;	/* something changed meanwhile */
	var dirty = false;	/* changes not yet saved */
	var stopped = false;	/* the link is closed: stop trying */
	var lastSent = "";	/* the body of the last successful save */

	function say(text, state) {
		if (!status)
			return;
		status.textContent = text;
		if (state)
			status.setAttribute("data-state", state);
		else
			status.removeAttribute("data-state");
	}

	/* The section's answers in the API's shape; unanswered ones left out. */
	function answers() {
		var out = [];
		var sets = form.querySelectorAll("fieldset[data-question]");
		for (var i = 0; i < sets.length; i++) {
			var id = sets[i].getAttribute("data-question");
			var on = sets[i].querySelectorAll("input:checked");
			if (on.length === 0)
				continue;
			if (sets[i].hasAttribute("data-multi")) {
				var ids = [];
				for (var k = 0; k < on.length; k++)
					ids.push(on[k].value);
				out.push({ questionId: id, selectedOptions: ids });
			} else
				out.push({ questionId: id, selectedOption: on[0].value });
		}
		return out;
	}

	function showProgress(p) {
		if (typeof p !== "number")
			return;
		if (bar)
			bar.value = p;
		if (barText)
			barText.textContent = p + "% complete";
	}

	function time() {
		var d = new Date();
		return d.getHours() + ":" + (d.getMinutes() < 10 ? "0" : "") + d.getMinutes();
	}

	function failed(res) {
		if (res && (res.status === 401 || res.status === 409)) {
			/* Expired or already submitted: the next page load explains. */
			stopped = true;
			say("Link closed: reload the page", "error");
		} else if (res && res.status === 429)
			say("Not saved: use the Save button", "error");
		else
			say("Not saved: check your connection or use Save", "error");
	}

	/* Posts the section's answers; keepalive lets a leaving page finish it. */
	function save(leaving) {
		var list, body;

		timer = null;
		if (stopped)
			return;
		if (busy && !leaving) {
			again = true;
			return;
		}
		list = answers();
		body = JSON.stringify({ responses: list, isPartial: true });
		if (list.length === 0 || body === lastSent) {
			dirty = false;
			return;
		}
		busy = true;
		again = false;
		dirty = false;
		say("Saving…", null);
		fetch(url, {
			method: "POST",
			credentials: "same-origin",
			keepalive: !!leaving,
			headers: {
				"Content-Type": "application/json",
				"X-Assessment-Token": token
			},
			body: body
		}).then(function (res) {
			if (!res.ok) {
				dirty = true;
				failed(res);
				return null;
			}
			return res.json();
		}).then(function (data) {
			if (!data)
				return;
			lastSent = body;
			showProgress(data.progress);
			say("Saved " + time(), "saved");
		}).catch(function () {
			dirty = true;
			failed(null);
		}).then(function () {
			busy = false;
			if (again)
				save(false);
		});
	}

	function changed(e) {
		if (!e.target || !e.target.closest || !e.target.closest("fieldset[data-question]"))
			return;
		dirty = true;
		say("", null);
		if (timer)
			clearTimeout(timer);
		timer = setTimeout(function () { save(false); }, DELAY);
	}

	form.addEventListener("change", changed);

	/* The form's own submit saves everything: no autosave race with it. */
	form.addEventListener("submit", function () {
		if (timer)
			clearTimeout(timer);
		timer = null;
		dirty = false;
		stopped = true;
	});

	/* Back from the next page out of the browser's cache: save again. */
	window.addEventListener("pageshow", function (e) {
		if (e.persisted)
			stopped = false;
	});

	/* Leaving with a change not yet sent (tab closed, link followed). */
	window.addEventListener("pagehide", function () {
		if (dirty && !stopped) {
			if (timer)
				clearTimeout(timer);
			save(true);
		}
	});
})();
