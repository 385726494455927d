/*
 * copylink.js: the "Copy" button beside a read-only link field.
 *
 *   <input id="link" type="text" readonly value="...">
 *   <button type="button" data-copy="link" data-status="link-status" hidden>Copy</button>
 *   <p id="link-status" role="status" aria-live="polite"></p>
 *
 * The button is hidden until this script shows it, so without JavaScript
 * the page offers only the field, whose text can be selected and copied.
 * A click or focus in the field selects the whole link.
 */
(function () {
	'use strict';

	function say(button, text) {
		var id = button.getAttribute('data-status');
		var el = id ? document.getElementById(id) : null;

		if (el)
			el.textContent = text;
	}

	function copied(button, label) {
		button.textContent = 'Copied';
		button.classList.add('c-copied');
		say(button, 'Link copied to the clipboard.');
		window.setTimeout(function () {
			button.textContent = label;
			button.classList.remove('c-copied');
			say(button, '');
		}, 2500);
	}

	/* Older browsers, or a page not served over HTTPS or localhost. */
	function fallback(input) {
		input.focus();
		input.select();
		try {
			return document.execCommand('copy');
		} catch (e) {
			return false;
		}
	}

	function setup(button) {
		var input = document.getElementById(button.getAttribute('data-copy'));
		var label = button.textContent;

		if (!input)
			return;
		input.addEventListener('focus', function () { input.select(); });
		input.addEventListener('click', function () { input.select(); });
		button.addEventListener('click', function () {
			if (navigator.clipboard && window.isSecureContext) {
				navigator.clipboard.writeText(input.value).then(function () {
					copied(button, label);
				}, function () {
					if (fallback(input))
						copied(button, label);
					else
						say(button, 'Press Ctrl+C (or Cmd+C) to copy the selected link.');
				});
			} else if (fallback(input)) {
				copied(button, label);
			} else {
				say(button, 'Press Ctrl+C (or Cmd+C) to copy the selected link.');
			}
		});
		button.hidden = false;
	}

	function init() {
		var buttons = document.querySelectorAll('[data-copy]');

		for (var i = 0; i < buttons.length; i++)
			setup(buttons[i]);
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', init);
	else
		init();
})();
