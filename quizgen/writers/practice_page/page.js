
// quizgen practice page. Plain JavaScript, no framework and no network: the questions
// come from the JSON element above, and every piece of text goes in with textContent.
(() => {
  "use strict";

  const data = JSON.parse(document.getElementById("quizgen-data").textContent);
  const byId = (id) => document.getElementById(id);
  const LETTERS = "ABCDEFGHIJ";
  const topicTitles = new Map(data.topics);
  const factsById = new Map(data.facts.map((fact) => [fact.id, fact]));
  const screens = ["setup", "quiz", "results"];
  const headings = { setup: "setup-heading", quiz: "question", results: "results-heading" };

  // Progress: which facts were seen, and which were missed the last time they were
  // answered. Kept in localStorage under a key naming the deck and the build, so a
  // rebuilt page with changed questions starts afresh.
  const store = (() => {
    try {
      const storage = window.localStorage;
      const probe = data.storageKey + ":probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null; // storage disabled (some private modes): progress lasts until closed
    }
  })();

  function loadProgress() {
    let saved = null;
    try {
      saved = JSON.parse((store && store.getItem(data.storageKey)) || "null");
    } catch (error) {
      saved = null;
    }
    const known = (ids) => (Array.isArray(ids) ? ids.filter((id) => factsById.has(id)) : []);
    return {
      seen: new Set(known(saved && saved.seen)),
      missed: new Set(known(saved && saved.missed)),
    };
  }

  let progress = loadProgress();

  function saveProgress() {
    if (!store) return;
    try {
      if (progress.seen.size === 0) {
        store.removeItem(data.storageKey);
      } else {
        store.setItem(data.storageKey, JSON.stringify({
          seen: [...progress.seen], missed: [...progress.missed],
        }));
      }
    } catch (error) {
      // a full or refused store: keep going, progress lasts until the page is closed
    }
  }

  function shuffled(items) {
    const copy = items.slice();
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(Math.random() * (index + 1));
      [copy[index], copy[swap]] = [copy[swap], copy[index]];
    }
    return copy;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(count, noun) {
    return count + " " + noun + (count === 1 ? "" : "s");
  }

  function show(name) {
    for (const screen of screens) byId(screen).hidden = screen !== name;
    window.scrollTo(0, 0);
    byId(headings[name]).focus();
  }

  // ---- choosing topics and how many questions

  function topicBoxes() {
    return [...byId("topics").querySelectorAll("input[type=checkbox]")];
  }

  function chosenFacts() {
    const topics = new Set(topicBoxes().filter((box) => box.checked).map((box) => box.value));
    return data.facts.filter((fact) => topics.has(fact.topic));
  }

  function buildSetup() {
    const box = byId("topics");
    for (const [id, title] of data.topics) {
      const count = data.facts.filter((fact) => fact.topic === id).length;
      const label = element("label");
      const input = element("input");
      input.type = "checkbox";
      input.name = "topic";
      input.value = id;
      input.checked = true;
      input.addEventListener("change", updateSetup);
      const text = element("span", "", title + " ");
      text.append(element("span", "n", "(" + count + ")"));
      label.append(input, text);
      box.append(label);
    }
    byId("toggle-topics").addEventListener("click", () => {
      const check = !topicBoxes().every((input) => input.checked);
      for (const input of topicBoxes()) input.checked = check;
      updateSetup();
    });
    byId("count").addEventListener("change", () => { byId("setup-status").textContent = ""; });
    byId("setup-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const facts = chosenFacts();
      if (facts.length === 0) {
        byId("setup-status").textContent = "Choose at least one topic.";
        topicBoxes()[0].focus();
        return;
      }
      const count = Math.min(Number(byId("count").value) || facts.length, facts.length);
      start(shuffled(facts).slice(0, count));
    });
    byId("practise-saved").addEventListener("click", () => {
      start([...progress.missed].map((id) => factsById.get(id)));
    });
    byId("forget").addEventListener("click", () => {
      progress = { seen: new Set(), missed: new Set() };
      if (store) {
        try { store.removeItem(data.storageKey); } catch (error) { /* nothing kept */ }
      }
      showProgress();
      byId("forget-status").textContent = "Your progress on this device has been forgotten.";
      byId("progress-text").focus();
    });
    updateSetup();
  }

  function updateSetup() {
    const boxes = topicBoxes();
    byId("toggle-topics").textContent = boxes.every((box) => box.checked)
      ? "Clear all" : "Select all";
    const available = chosenFacts().length;
    const select = byId("count");
    const previous = Number(select.value) || 10;
    select.replaceChildren();
    for (const size of [5, 10, 20, 50]) {
      if (size < available) select.append(new Option(String(size), String(size)));
    }
    select.append(new Option(available === 1 ? "The 1 question" : "All " + available,
      String(available)));
    select.value = String(Math.min(previous, available));
    if (select.selectedIndex < 0) select.value = String(available);
    select.disabled = available === 0;
    byId("setup-status").textContent = available === 0 ? "Choose at least one topic." : "";
  }

  function showProgress() {
    const seen = progress.seen.size;
    const missed = progress.missed.size;
    let text;
    if (!store) {
      text = "This browser does not let the page remember your answers: the questions you " +
        "miss are kept only until you close it.";
    } else if (seen === 0) {
      text = "The questions you miss are remembered in this browser, on this device only, " +
        "so you can practise them again later.";
    } else {
      const answered = "You have answered " + seen + " of the " +
        plural(data.facts.length, "question") + " here";
      text = missed === 0 ? answered + ", each one right the last time."
        : answered + ". " + (missed === 1 ? "One is" : missed + " are") + " still to get right.";
    }
    byId("progress-text").textContent = text;
    byId("practise-saved").hidden = missed === 0;
    byId("practise-saved").textContent = "Practise the " + (missed === 1 ? "one" : missed) +
      " I missed";
    byId("forget").hidden = seen === 0;
    byId("progress-actions").hidden = seen === 0;
  }

  // ---- one question at a time

  let attempt = null;

  function start(facts) {
    attempt = {
      questions: shuffled(facts).map((fact) => ({
        fact,
        options: fact.ordered ? fact.options.slice() : shuffled(fact.options),
      })),
      index: 0,
      results: [],
      answered: false,
    };
    byId("forget-status").textContent = "";
    show("quiz");
    showQuestion();
  }

  function current() {
    return attempt.questions[attempt.index];
  }

  function showQuestion() {
    const question = current();
    const total = attempt.questions.length;
    attempt.answered = false;
    byId("position").textContent = "Question " + (attempt.index + 1) + " of " + total +
      " · " + topicTitles.get(question.fact.topic);
    byId("question").textContent = question.fact.question;
    const options = byId("options");
    options.replaceChildren();
    question.options.forEach((text, index) => {
      const button = element("button", "option");
      button.type = "button";
      button.append(element("span", "letter", LETTERS[index]), element("span", "text", text));
      button.addEventListener("click", () => answer(index));
      options.append(button);
    });
    const last = LETTERS[question.options.length - 1];
    byId("key-hint").textContent = "Keys: 1–" + question.options.length + " or A–" + last +
      " to answer, Enter for the next question.";
    byId("feedback").className = "feedback";
    byId("verdict").textContent = "";
    byId("details").hidden = true;
    byId("next").hidden = true;
    byId("next").textContent = attempt.index + 1 < total ? "Next question" : "See my score";
    byId("question").focus();
  }

  function answer(index) {
    if (attempt.answered) return;
    attempt.answered = true;
    const question = current();
    const fact = question.fact;
    const right = question.options[index] === fact.answer;
    attempt.results.push({ fact, right });
    progress.seen.add(fact.id);
    progress.missed.delete(fact.id);
    if (!right) progress.missed.add(fact.id);
    saveProgress();

    [...byId("options").children].forEach((button, position) => {
      button.disabled = true;
      const text = button.querySelector(".text");
      if (question.options[position] === fact.answer) {
        button.classList.add("right");
        text.append(element("span", "tag", position === index ? "✓ Your answer" : "✓ Answer"));
      } else if (position === index) {
        button.classList.add("wrong");
        text.append(element("span", "tag", "✗ Your answer"));
      }
    });
    byId("feedback").className = "feedback " + (right ? "right" : "wrong");
    byId("verdict").textContent = right
      ? "Right: " + fact.answer + "."
      : "Not quite. The answer is " + fact.answer + ".";
    byId("explanation").textContent = fact.explanation;
    showSources(fact);
    byId("details").hidden = false;
    byId("next").hidden = false;
    byId("next").focus();
  }

  function showSources(fact) {
    const box = byId("sources");
    box.replaceChildren();
    const quotes = new Map();
    for (const [article, quote] of fact.sources) {
      if (!quotes.has(article)) quotes.set(article, []);
      quotes.get(article).push(quote);
    }
    for (const [article, said] of quotes) {
      const source = element("figure", "source");
      for (const quote of said) source.append(element("blockquote", "", quote));
      source.append(element("figcaption", "cite", "Source: " + data.articles[article]));
      box.append(source);
    }
  }

  function next() {
    if (!attempt.answered) return;
    attempt.index += 1;
    if (attempt.index < attempt.questions.length) {
      showQuestion();
    } else {
      showResults();
    }
  }

  // ---- the end: score per topic, and the missed ones again

  function showResults() {
    const results = attempt.results;
    if (results.length === 0) {
      showProgress();
      show("setup");
      return;
    }
    const right = results.filter((result) => result.right).length;
    const percent = Math.round((100 * right) / results.length);
    byId("score").textContent = right + " of " + results.length + " right (" + percent + "%)";
    const rows = byId("topic-rows");
    rows.replaceChildren();
    for (const [id, title] of data.topics) {
      const asked = results.filter((result) => result.fact.topic === id);
      if (asked.length === 0) continue;
      const row = element("tr");
      const rightHere = asked.filter((result) => result.right).length;
      row.append(element("td", "", title),
        element("td", "num", rightHere + " of " + asked.length));
      rows.append(row);
    }
    const missed = results.filter((result) => !result.right).map((result) => result.fact);
    const again = byId("practise-missed");
    again.hidden = missed.length === 0;
    again.textContent = missed.length === 1 ? "Practise the one I missed"
      : "Practise the ones I missed (" + missed.length + ")";
    again.onclick = () => start(missed);
    show("results");
  }

  byId("next").addEventListener("click", next);
  byId("quit").addEventListener("click", showResults);
  byId("choose").addEventListener("click", () => {
    showProgress();
    show("setup");
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || byId("quiz").hidden) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) return;
    if (!attempt.answered) {
      let index = -1;
      if (/^[1-9]$/.test(event.key)) index = Number(event.key) - 1;
      else if (/^[a-z]$/i.test(event.key)) index = LETTERS.indexOf(event.key.toUpperCase());
      if (index >= 0 && index < current().options.length) {
        event.preventDefault();
        answer(index);
      }
    } else if (event.key === "Enter" && !(target instanceof HTMLButtonElement)) {
      event.preventDefault();
      next();
    }
  });

  buildSetup();
  showProgress();
})();
