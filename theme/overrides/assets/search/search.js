/* Wongrian Thai search: works over http and from file:// (no fetch, no worker).
 *
 * The index (generator/search/index.py) is a set of scripts that register themselves; the
 * folder is search/ and search/i.js names its version:
 *   search/docs.js  the result table                 wongrianSearch.addDocs({...})
 *   search/s/<k>.js postings of a trigram shard       wongrianSearch.addShard(k, {...})
 *   search/t/<n>.js a story's facts, text and names   wongrianSearch.addText(n, "...", "...", [[...]])
 *                   (or an indicator or network page's text)
 * Trigrams find candidates; the text then confirms each word (no false matches of trigrams that
 * occur apart): the first VERIFY stories at once, more as the reader asks for them. Stories come
 * first, ranked by where the words are and how close together (`refine`); entity pages follow.
 * Text and query are cut the same way: normalised character trigrams, a tone mark belonging
 * to the letter before it. normalize/chunks/letters/grams mirror generator/search/normal.py.
 */
(function () {
  "use strict";

  // -- the normal form (keep in step with generator/search/normal.py) ------------------------------
  var ZERO_WIDTH = /[\u200b-\u200d\ufeff\u00ad]/g;
  var TONE_BEFORE_VOWEL = /([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37])/g;
  var SARA_AM = /\u0e4d([\u0e48-\u0e4b]?)\u0e32/g;
  var TO_FOLD = /[A-Z\u0e50-\u0e59]/g;
  var CHUNK = /[\u0e01-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+|[0-9a-z]+/g;  // digits cut from Thai letters
  var THOUSANDS = /([0-9\u0e50-\u0e59]),(?=[0-9\u0e50-\u0e59]{3}(?![0-9\u0e50-\u0e59]))/g;  // 30,000 → 30000
  var LETTER = /[^\u0e48-\u0e4b][\u0e48-\u0e4b]*/g;
  var TONES = /[\u0e48-\u0e4b]/g;
  var MARK = /[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/;
  var WORD_CHAR = /[\u0e01-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e\u0e50-\u0e590-9A-Za-z]/;
  var END = " ";

  function prepare(text) {
    text = String(text);
    if (text.normalize) text = text.normalize("NFC");
    return text.replace(ZERO_WIDTH, "").replace(TONE_BEFORE_VOWEL, "$2$1")
      .replace(SARA_AM, "$1\u0e33").replace(/\u0e40\u0e40/g, "\u0e41");
  }
  function fold(c) {
    var code = c.charCodeAt(0);
    return code >= 0x0e50 ? String(code - 0x0e50) : c.toLowerCase();
  }
  function normalize(text, prepared) {
    return (prepared ? String(text) : prepare(text)).replace(/\./g, "").replace(THOUSANDS, "$1")
      .replace(TO_FOLD, fold);
  }
  function chunks(text) { return normalize(text).match(CHUNK) || []; }
  function letters(chunk) { return chunk.replace(/^[\u0e48-\u0e4b]+/, "").match(LETTER) || []; }
  function toneless(text) { return text.replace(TONES, ""); }
  function grams(chunk) {
    var ls = letters(chunk), out = [], i;
    if (ls.length < 2) return out;
    for (i = 0; i + 2 < ls.length; i++) out.push(ls[i] + ls[i + 1] + ls[i + 2]);
    out.push(ls[ls.length - 2] + ls[ls.length - 1] + END);
    return out;
  }
  function shardKey(gram) { return toneless(letters(gram).slice(0, 2).join("")); }
  function fnv1a(text) {
    var h = 0x811c9dc5, i;
    for (i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // -- loading: <script> tags, since file:// pages cannot fetch --------------------------------
  var META = 1, OFTEN = 4, VERIFY = 20;  // posting flags (BODY = 2 is not needed here)
  var TEXT_KINDS = { story: 1, indicator: 1, network: 1 };  // pages with a text (t/<n>.js)
  var state = { dir: null, index: null, shards: {}, texts: {}, folds: {}, loading: {} };

  function loadScript(url) {
    if (!state.loading[url]) {
      state.loading[url] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = state.version && /^https?:$/.test(location.protocol) ? url + "?v=" + state.version : url;
        s.charset = "utf-8";
        s.onload = function () { resolve(); };
        s.onerror = function () { delete state.loading[url]; reject(new Error("cannot load " + url)); };
        document.head.appendChild(s);
      });
    }
    return state.loading[url];
  }
  function ready() {
    if (!state.dir) return Promise.reject(new Error("no search index on this page"));
    return loadScript(state.dir + "docs.js");
  }
  function loadShard(k) { return state.shards[k] ? Promise.resolve() : loadScript(state.dir + "s/" + k + ".js"); }
  function loadText(n) { return n in state.texts ? Promise.resolve() : loadScript(state.dir + "t/" + n + ".js"); }

  function addDocs(data) {
    state.names = null;
    state.index = {
      shards: data.shards, kinds: data.kinds,
      docs: data.docs.map(function (row, n) {
        var names = row[5] ? row[5].split("|") : [];
        var heads = [row[2]].concat(names).map(function (x) { return chunks(x).join(""); });
        return { n: n, kind: data.kinds[row[0]], url: row[1], title: row[2], date: row[3], where: row[4],
                 names: names, hasText: !!TEXT_KINDS[data.kinds[row[0]]], heads: heads, heads0: heads.map(toneless) };
      })
    };
  }
  function addShard(k, map) { state.shards[k] = { map: map, decoded: {}, variants: null }; }
  function addText(n, meta, text, groups) { state.texts[n] = { meta: meta, text: text, groups: groups || [] }; }

  // -- postings ---------------------------------------------------------------------------------
  var DIGIT = (function () {
    var table = {}, fin = "0123456789abcdefghijklmnopqrstuv", more = "ABCDEFGHIJKLMNOPQRSTUVWXYZ+/=*!~", i;
    for (i = 0; i < 32; i++) { table[fin.charCodeAt(i)] = i; table[more.charCodeAt(i)] = 32 + i; }
    return table;
  })();

  function decode(text) {
    var docs = [], flags = [], value = 0, previous = -1, i, d;
    for (i = 0; i < text.length; i++) {
      d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) { value = value * 32 + d - 32; continue; }
      value = value * 32 + d;
      previous += (value >> 3) + 1;
      docs.push(previous);
      flags.push(value & 7);
      value = 0;
    }
    return { docs: docs, flags: flags };
  }
  function postings(shard, gram) {
    if (!(gram in shard.decoded)) shard.decoded[gram] = shard.map[gram] ? decode(shard.map[gram]) : null;
    return shard.decoded[gram];
  }
  function variants(shard) {
    if (!shard.variants) {
      shard.variants = {};
      Object.keys(shard.map).forEach(function (g) {
        var key = toneless(g);
        (shard.variants[key] = shard.variants[key] || []).push(g);
      });
    }
    return shard.variants;
  }
  function shardOf(key) { return state.shards[fnv1a(key) % state.index.shards]; }

  // The grams standing for one part of a token (a trigram, or a two-letter prefix), each marked
  // exact when its tone marks are the ones typed; a loose token also takes every tone variant.
  function candidates(part, prefix, loose) {
    var key = toneless(part), shard = shardOf(prefix ? key : toneless(letters(part).slice(0, 2).join("")));
    var out = [];
    if (!shard) return out;
    if (!prefix) {
      (loose ? variants(shard)[key] || [] : (shard.map[part] ? [part] : [])).forEach(function (g) {
        out.push({ list: postings(shard, g), exact: g === part });
      });
      return out;
    }
    Object.keys(shard.map).forEach(function (g) {
      var exact = g.indexOf(part) === 0 && !/[\u0e48-\u0e4b]/.test(g.charAt(part.length));
      if (exact || (loose && toneless(g).indexOf(key) === 0)) out.push({ list: postings(shard, g), exact: exact });
    });
    return out;
  }

  // Documents holding every part of a token, as arrays over all documents: has[d] === parts
  // when d holds them all; flags[d] (AND over parts, OR over tone variants); exact[d] when every
  // part matched with the tone marks typed.
  function tokenDocs(token) {
    var size = state.index.docs.length, has = new Uint16Array(size), flags = new Uint8Array(size);
    var exact = new Uint8Array(size), partFlags = new Uint8Array(size), partExact = new Uint8Array(size);
    token.parts.forEach(function (part, p) {
      var touched = [];
      candidates(part, token.prefix, token.loose).forEach(function (c) {
        for (var i = 0, docs = c.list.docs; i < docs.length; i++) {
          var d = docs[i];
          if (has[d] !== p) continue;  // it already lacks an earlier part
          if (!partFlags[d]) touched.push(d);
          partFlags[d] |= c.list.flags[i];
          if (c.exact) partExact[d] = 1;
        }
      });
      touched.forEach(function (d) {
        flags[d] = p ? flags[d] & partFlags[d] : partFlags[d];
        exact[d] = p ? exact[d] & partExact[d] : partExact[d];
        has[d] = p + 1;
        partFlags[d] = partExact[d] = 0;
      });
    });
    return { has: has, parts: token.parts.length, flags: flags, exact: exact };
  }

  // -- queries ------------------------------------------------------------------------------------
  // Query words: normalised chunks (or, when `split`, the words of each chunk). A word typed
  // with a full stop is an abbreviation and must begin a word where it is found ("พช." is not
  // the end of "รพช."); split, only its words of two letters are (the "กย" of "ก.ย.", not found
  // inside "ศักยภาพ"). "พ.ศ." or "ค.ศ." before a year is left out: stories write the year alone.
  // Split, a one-letter abbreviation is cut from the name it is glued to ("บ.ดอนตะโก": บ้าน).
  // "ม.4" is read as "หมู่ 4".
  var ERA = /(^|\s)[\u0e1e\u0e04]\.?\u0e28\.?\s*(?=[0-9\u0e50-\u0e59]{4}(?![0-9\u0e50-\u0e59]))/g;  // พ.ศ. 2552
  var LETTER_DOT = /^([\u0e01-\u0e2e])\.(?=[\u0e01-\u0e2e\u0e40-\u0e44][^.])/;  // not "ก.ย."
  // "ม.4" or "ม. 4" is หมู่ 4, a village's number (too short to search as typed).
  var MOO = /(^|\s)\u0e21\.\s*([0-9\u0e50-\u0e59]{1,2})(?![0-9\u0e50-\u0e59.])/g;
  function plan(query, split) {
    var seen = {}, tokens = [];
    prepare(query).replace(ERA, "$1").replace(MOO, "$1\u0e2b\u0e21\u0e39\u0e48 $2").split(/\s+/).forEach(function (piece) {
      var dotted = piece.indexOf(".") >= 0;
      if (split) piece = piece.replace(LETTER_DOT, "$1 ");
      chunks(piece).forEach(function (chunk) {
        (split ? splitWords(chunk) : [chunk]).forEach(function (word) {
          var ls = letters(word), abbr = dotted && (!split || ls.length <= 2);
          if (seen[word] || (ls.length < 2 && !/^[0-9]$/.test(word))) return;
          seen[word] = true;
          if (ls.length < 2) {  // a one-digit number (หมู่ 3): too short for the index; it must
            var last = tokens[tokens.length - 1];  // follow the word before ("หมู่ที่ 3" too)
            if (last && last.key === "\u0e17\u0e35" && tokens.length > 1) {
              tokens.pop();
              last = tokens[tokens.length - 1];
            }
            tokens.push({ text: word, key: word, number: true, parts: [], after: last });
            return;
          }
          var prefix = ls.length === 2;
          tokens.push({ text: word, key: toneless(word), loose: !/[\u0e48-\u0e4b]/.test(word), abbr: abbr,
                        digits: /^[0-9]{1,5}$/.test(word),  // a number stands alone; a longer code need not
                        prefix: prefix, parts: prefix ? [ls.join("")] : grams(word).slice(0, -1) });
        });
      });
    });
    return tokens;
  }
  function splitWords(chunk) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return [chunk];
    var words = [];
    Array.from(new Intl.Segmenter("th", { granularity: "word" }).segment(chunk)).forEach(function (s) {
      if (s.isWordLike !== false) words.push(s.segment);
    });
    return words.length ? joinNames(words) : [chunk];
  }
  // Words in a row that make the name of a place of the site are one word again (longest
  // first): the word breaker does not know "ท่าซัก" and cuts it into "ท่า" and "ซัก", words
  // that many other pages hold. (An agency's name is made of words that mean what they say:
  // "เกษตร|อำเภอ" stay two, so that a page holding both, apart, is still found.)
  function joinNames(words) {
    var names = siteNames(), out = [];
    for (var i = 0; i < words.length; i = j) {
      var j = Math.min(words.length, i + 12);
      while (j > i + 1 && !names[words.slice(i, j).join("")]) j--;
      out.push(words.slice(i, j).join(""));
    }
    return out;
  }
  function siteNames() {
    if (!state.names) {
      state.names = Object.create(null);
      state.index.docs.forEach(function (d) {
        if (d.kind === "area") d.heads.forEach(function (h) { state.names[h] = true; });
      });
    }
    return state.names;
  }
  function shardsFor(tokens) {
    var keys = {};
    tokens.forEach(function (t) {
      t.parts.forEach(function (part) {
        keys[fnv1a(toneless(t.prefix ? part : letters(part).slice(0, 2).join(""))) % state.index.shards] = true;
      });
    });
    return Object.keys(keys).map(Number);
  }

  // Higher is better: the tone marks as typed; then a title or name equal to the query; then
  // the query inside a title or name (the shorter, the better) or some of its words there; then
  // the words among the page's facts, and often in its text.
  function score(doc, tokens, hits, phrase) {
    var n = tokens.length, exact = true, loose = false, inMeta = 0, often = 0, best = 0;
    tokens.forEach(function (t, i) {
      var flags = hits[i].flags[doc.n];
      exact = exact && (t.number || hits[i].exact[doc.n] === 1);
      loose = loose || t.loose;
      if (flags & META) inMeta++;
      if (flags & OFTEN) often++;
    });
    var key = loose ? toneless(phrase) : phrase, heads = loose ? doc.heads0 : doc.heads;
    doc.heads.forEach(function (head, h) {
      var words = tokens.filter(function (t) {
        return (t.loose ? doc.heads0[h].indexOf(t.key) : head.indexOf(t.text)) >= 0;
      }).length;
      var at = heads[h].indexOf(key);
      best = Math.max(best, at >= 0 ? 200000 + 100000 * key.length / heads[h].length : 150000 * words / n);
    });
    return (doc.kind === "story" ? 10000000 : 0) + (exact ? 1000000 : 0) + (heads.indexOf(key) >= 0 ? 500000 : 0) + Math.round(best) +
      Math.round(10000 * inMeta / n) + Math.round(3000 * often / n);
  }

  function rank(tokens) {
    var hits = tokens.map(tokenDocs), found = [], size = state.index.docs.length;
    if (!tokens.some(function (t) { return t.parts.length; })) return found;
    for (var d = 0; d < size; d++) {
      if (hits.every(function (h) { return h.has[d] === h.parts; })) found.push(d);
    }
    var phrase = tokens.map(function (t) { return t.text; }).join("");
    var docs = state.index.docs;
    return found.map(function (n) { return { doc: docs[n], score: score(docs[n], tokens, hits, phrase) }; })
      .sort(function (a, b) { return b.score - a.score || a.doc.n - b.doc.n; });
  }

  // When no page holds every word (a question typed as a sentence: "ชาวบ้านทำบัญชีครัวเรือน
  // แล้วเป็นหนี้น้อยลงไหม"), the pages holding most of what it asks. Each word weighs by how few
  // pages hold it (log N/df) and, up to four letters, by its length: a word of nearly every
  // page ("ทำ", "เป็น") weighs almost nothing, a word of no page is left out. A page is a candidate when it holds two words or more and at
  // least half the weight the best page holds; `weight` is its share of the query's weight,
  // `tokens` the words it holds (to be confirmed, and ranked by, instead of the query's).
  var COVERAGE = 1500000;  // the weight held, against `score` and `refine` (at most ~2,000,000)
  function rankSome(tokens) {
    var size = state.index.docs.length, docs = state.index.docs, words = [], total = 0;
    tokens.forEach(function (t) {
      if (!t.parts.length) return;
      var h = tokenDocs(t), df = 0;
      for (var d = 0; d < size; d++) if (h.has[d] === h.parts) df++;
      if (df) {  // (a short word, "ละ" or "ไง", is most often part of a longer one or a particle)
        var weight = Math.log((size + 1) / df) * Math.min(4, letters(t.text).length) / 4;
        words.push({ token: t, hits: h, weight: weight });
        total += weight;
      }
    });
    if (words.length < 2 || !total) return [];
    var held = [], best = 0;
    for (var d = 0; d < size; d++) {
      var mine = words.filter(function (w) { return w.hits.has[d] === w.hits.parts; });
      var weight = mine.reduce(function (sum, w) { return sum + w.weight; }, 0);
      if (mine.length >= 2 && weight > 0) {
        held.push({ n: d, words: mine, weight: weight });
        best = Math.max(best, weight);
      }
    }
    return held.filter(function (h) { return h.weight >= best / 2; }).map(function (h) {
      var own = h.words.map(function (w) { return w.token; }), phrase = own.map(function (t) { return t.text; }).join("");
      return { doc: docs[h.n], tokens: own, weights: h.words.map(function (w) { return w.weight / total; }),
               score: Math.round(COVERAGE * h.weight / total) +
                 score(docs[h.n], own, h.words.map(function (w) { return w.hits; }), phrase) };
    }).sort(function (a, b) { return b.score - a.score || a.doc.n - b.doc.n; });
  }

  // Does the page really hold every word (not only all its trigrams, somewhere)?
  function confirmed(doc, tokens) {
    var f = state.folds[doc.n];
    if (!f) {
      var parts = [doc.title].concat(doc.names, [doc.where]);
      if (doc.hasText) parts.push(state.texts[doc.n].meta, state.texts[doc.n].text);
      var raw = parts.join(" ; ");
      f = state.folds[doc.n] = { raw: raw, exact: normalize(raw, true), loose: null, maps: {} };
    }
    return tokens.every(function (t) {
      if (t.number && t.after) return follows(f, t.after, t.text);
      if (t.number || t.digits) return standalone(f.exact, t.text, 0) >= 0;
      var text = t.loose ? (f.loose = f.loose || toneless(f.exact)) : f.exact;
      var needle = t.loose ? t.key : t.text;
      if (!t.abbr || text.indexOf(needle) < 0) return text.indexOf(needle) >= 0;
      var m = f.maps[t.loose] = f.maps[t.loose] || folded(f.raw, t.loose);
      for (var at = m.s.indexOf(needle); at >= 0; at = m.s.indexOf(needle, at + 1)) {
        if (m.map[at] === 0 || !WORD_CHAR.test(f.raw.charAt(m.map[at] - 1))) return true;  // begins a word
      }
      return false;
    });
  }

  // The words a candidate's page really holds, and their share of the query's weight: every
  // word of the query (weight 0), or, for a page found by `rankSome`, those of its words that
  // are really there when two or more are (a word's trigrams may all come from other words:
  // "ครับ" from "ครัว" and "กับ"); null when the page does not hold enough.
  function holds(c, tokens) {
    if (!c.tokens) return confirmed(c.doc, tokens) ? { words: tokens, weight: 0 } : null;
    var words = [], weight = 0;
    c.tokens.forEach(function (t, i) {
      if (confirmed(c.doc, [t])) {
        words.push(t);
        weight += c.weights[i];
      }
    });
    return words.length >= 2 ? { words: words, weight: weight } : null;
  }

  // Does `number` follow the word (as in "หมู่ 3", "หมู่ที่ 3", "ท่าซัก (3)", "ตอนที่ 2:")?
  function follows(f, word, number) {
    var text = word.loose ? (f.loose = f.loose || toneless(f.exact)) : f.exact;
    var before = word.loose ? word.key : word.text, thi = word.loose ? "\u0e17\u0e35" : "\u0e17\u0e35\u0e48";
    return new RegExp(before + "[\\s(\\[#:-]*(?:" + thi + "[\\s(\\[#:-]*)?" + number + "(?![0-9])").test(text);
  }
  // Where a number occurs on its own (3 in "หมู่ 3", not in "2553"), from `from` on; -1 if nowhere.
  function standalone(text, number, from) {
    for (var at = text.indexOf(number, from); at >= 0; at = text.indexOf(number, at + 1)) {
      if (!/[0-9]/.test(text.charAt(at - 1)) && !/[0-9]/.test(text.charAt(at + number.length))) return at;
    }
    return -1;
  }

  // Confirm candidates in rank order until `want` more stories are confirmed (or none are left).
  // Entity pages (agencies, areas, tags, years …, and the few indicator and network pages) are
  // all confirmed at once into res.entities. Stories are confirmed in batches into
  // res.stories and ranked again by where the words are and how close together (`refine`);
  // the first res.fixed of them (already shown) keep their places. res.results: stories, then
  // entity pages.
  function more(res, want) {
    if (!res.entities) {
      var pages = res.candidates.filter(function (c) { return c.doc.hasText && c.doc.kind !== "story"; });
      return Promise.all(pages.map(function (c) { return loadText(c.doc.n); })).then(function () {
        res.entities = [];
        res.pending = [];
        res.candidates.forEach(function (c) {
          if (c.doc.kind === "story") res.pending.push(c);
          else if (holds(c, res.tokens)) res.entities.push(c);
        });
        res.stories = [];
        res.fixed = 0;
        return more(res, want);
      });
    }
    var goal = res.stories.length + want;
    function finish() {
      var rest = res.stories.slice(res.fixed).sort(function (a, b) { return b.score - a.score || a.doc.n - b.doc.n; });
      res.stories = res.stories.slice(0, res.fixed).concat(rest);
      res.results = res.stories.concat(res.entities);
      res.complete = res.next >= res.pending.length;
      res.estimate = res.results.length + res.pending.length - res.next;
      return res;
    }
    function step() {
      if (res.stories.length >= goal || res.next >= res.pending.length) return Promise.resolve(finish());
      var batch = res.pending.slice(res.next, res.next + Math.max(goal - res.stories.length, 8));
      return Promise.all(batch.map(function (c) { return loadText(c.doc.n); }))
        .then(function () {
          batch.forEach(function (c) {
            var held = holds(c, res.tokens);
            if (held) {
              res.stories.push({ doc: c.doc, score: refine(c.doc, held.words, c.score) +
                                 Math.round(COVERAGE * held.weight) });
            }
          });
          res.next += batch.length;
          return step();
        });
    }
    return step();
  }

  // Where the words of a query are in a page with a text, higher is better: the tone marks as
  // typed; the whole query in the title; each word in the title, then among the facts (tags,
  // agencies, areas by every name), then in the text; the words close together in the text.
  function refine(doc, tokens, indexScore) {
    var f = state.folds[doc.n], words = tokens.filter(function (t) { return !(t.number && t.after); });
    var n = words.length || 1, title = normalize(doc.title, true), t0 = null;
    var facts = f.facts = f.facts || normalize(state.texts[doc.n].meta, true), facts0 = null;
    var body = f.body = f.body || normalize(state.texts[doc.n].text, true), body0 = null;
    var inTitle = 0, inFacts = 0, lists = [], count = 0, tf = { exact: title, loose: null };
    tokens.forEach(function (t) { if (t.number && t.after && follows(tf, t.after, t.text)) inTitle += 0.5; });
    words.forEach(function (t) {
      var needle = t.loose ? t.key : t.text;
      var ti = t.loose ? (t0 = t0 || toneless(title)) : title;
      var fa = t.loose ? (facts0 = facts0 || toneless(facts)) : facts;
      var bo = t.loose ? (body0 = body0 || toneless(body)) : body;
      var find = t.number || t.digits ? standalone : function (s, x, from) { return s.indexOf(x, from); };
      if (find(ti, needle, 0) >= 0) inTitle++;
      else if (find(fa, needle, 0) >= 0) inFacts++;
      var at = [];
      for (var i = find(bo, needle, 0); i >= 0 && at.length < 200; i = find(bo, needle, i + 1)) at.push(i);
      count += at.length;
      lists.push({ at: at, len: needle.length });
    });
    var phrase = words.map(function (t) { return t.loose ? t.key : t.text; }).join("");
    var whole = words.every(function (t) { return !t.loose; }) ? title.replace(/\s+/g, "") : toneless(title).replace(/\s+/g, "");
    var near = words.length > 1 ? closeness(lists) : 0;
    var share = whole.indexOf(phrase) >= 0 ? 400000 + Math.round(50000 * phrase.length / whole.length) : 0;
    return (indexScore >= 1000000 + 10000000 ? 1000000 : 0) + share +
      Math.round(300000 * inTitle / n) + Math.round(100000 * inFacts / n) + Math.round(80000 * near) +
      Math.min(20000, 2000 * count);
  }
  // 1 when the words stand next to each other somewhere in the text, less the further apart
  // their closest occurrences are, 0 when one of them is not in the text.
  function closeness(lists) {
    if (lists.some(function (l) { return !l.at.length; })) return 0;
    var events = [], need = lists.length, have = {}, inside = 0, best = Infinity, lo = 0, size = 0;
    lists.forEach(function (l, k) { l.at.forEach(function (a) { events.push([a, k, a + l.len]); }); size += l.len; });
    events.sort(function (a, b) { return a[0] - b[0]; });
    for (var hi = 0; hi < events.length; hi++) {
      if (!have[events[hi][1]]++) inside++;
      while (inside === need) {  // (the last word to start is taken to end last)
        best = Math.min(best, Math.max(events[hi][2], events[lo][2]) - events[lo][0]);
        if (!--have[events[lo][1]]) inside--;
        lo++;
      }
    }
    return best === Infinity ? 0 : Math.min(1, (size + 2) / best);
  }

  // Why a story was found for a word it does not hold in its title or text: another name of one
  // of its agencies or areas ({typed: "ธ.ก.ส.", shown: "ธนาคารเพื่อการ…"}), and the names of that
  // agency or area that the text does hold (to highlight them).
  function reasons(n, tokens) {
    var t = state.texts[n], doc = state.index.docs[n], out = [];
    if (!t) return out;
    var f = state.folds[n] || {}, body = f.body || normalize(t.text, true), title = normalize(doc.title, true);
    // The name of group g that holds the token, unless the group's shown name holds it too.
    function typed(g, tok) {
      var needle = tok.loose ? tok.key : tok.text, cut = tok.loose ? toneless : function (x) { return x; };
      var name = g.filter(function (x) { return cut(normalize(x, true)).indexOf(needle) >= 0; })[0];
      return name && cut(normalize(g[0], true)).indexOf(needle) < 0 ? name : null;
    }
    function add(g, name) {
      var named = g.filter(function (x) {
        return letters(normalize(x, true)).length > 2 && body.indexOf(normalize(x, true)) >= 0;
      }).map(function (x) { return { text: normalize(x, true), key: "", parts: [], alias: true }; });
      if (!out.some(function (r) { return r.shown === g[0]; })) out.push({ typed: name, shown: g[0], names: named });
    }
    var unexplained = tokens.filter(function (tok) {
      if (tok.number) return false;
      var needle = tok.loose ? tok.key : tok.text, cut = tok.loose ? toneless : function (x) { return x; };
      return cut(body).indexOf(needle) < 0 && cut(title).indexOf(needle) < 0;
    });
    // One group naming every such word ("tha sak": Tha Sak = ต.ท่าซัก) is the reason for all.
    var whole = unexplained.length > 1 && t.groups.filter(function (g) {
      return unexplained.every(function (tok) { return typed(g, tok); });
    })[0];
    if (whole) {
      add(whole, typed(whole, unexplained[0]));
      return out;
    }
    unexplained.forEach(function (tok) {
      t.groups.some(function (g) {
        var name = typed(g, tok);
        if (name) add(g, name);
        return !!name;
      });
    });
    return out;
  }

  // Candidates for a query from the index alone, best first, none confirmed yet:
  // {text, split, tokens, candidates: [{doc, score}], results: [], next: 0}.
  function search(text, split) {
    return ready().then(function () {
      var tokens = plan(text, split);
      return Promise.all(shardsFor(tokens).map(loadShard)).then(function () {
        return { text: text, split: !!split, tokens: tokens, candidates: rank(tokens), results: [], next: 0 };
      });
    });
  }
  // Confirm the first `want` results; when none holds the words as typed together, retry
  // word by word (Intl.Segmenter); when no page holds every word, the pages holding most of
  // them (`rankSome`; res.partial is then true).
  function confirm(res, want) {
    return more(res, want).then(function () {
      var long = res.tokens.some(function (t) { return letters(t.text).length > 3; });
      if (res.results.length || res.partial || (res.split && res.tokens.length < 2) || (!res.split && !long)) {
        return res;
      }
      if (res.split) return more(some(res), want);
      return search(res.text, true).then(function (again) { return confirm(again, want); });
    });
  }
  function some(res) {
    return { text: res.text, split: true, partial: true, tokens: res.tokens, candidates: rankSome(res.tokens),
             results: [], next: 0 };
  }
  // Pages holding every word of the query, best first: {tokens, results: [{doc, score}],
  // complete, estimate}; the first `want` (default VERIFY) are confirmed, more(res, n) adds more.
  function query(text, want) {
    return search(text).then(function (res) { return confirm(res, want || VERIFY); });
  }

  // -- snippets and highlighting ---------------------------------------------------------------------
  function folded(text, dropTones) {
    var s = "", map = [], i, c;
    for (i = 0; i < text.length; i++) {
      c = text.charAt(i);
      if (c === "." || (dropTones && /[\u0e48-\u0e4b]/.test(c))) continue;
      if (c === "," && i > 0 && /^,[0-9\u0e50-\u0e59]{3}(?![0-9\u0e50-\u0e59])/.test(text.substr(i, 5)) &&
          /[0-9\u0e50-\u0e59]/.test(text.charAt(i - 1))) continue;  // 30,000 is 30000
      s += c >= "A" && c <= "Z" || c >= "\u0e50" && c <= "\u0e59" ? fold(c) : c;  // not "–" or "…"
      map.push(i);
    }
    map.push(text.length);
    return { s: s, map: map };
  }
  // [start, end, token number] of every place in the raw text where a token occurs (tone marks
  // ignored where loose), in order.
  function places(text, tokens) {
    var exact = folded(text, false), loose = null, out = [];
    tokens.forEach(function (t, k) {
      var f = t.loose ? (loose = loose || folded(text, true)) : exact;
      var needle = t.loose ? t.key : t.text, next = t.number || t.digits ? standalone : function (s, n, from) {
        return s.indexOf(n, from);
      };
      for (var at = next(f.s, needle, 0); needle && at >= 0; at = next(f.s, needle, at + 1)) {
        var start = f.map[at], end = f.map[at + needle.length - 1] + 1;
        if (t.abbr && start > 0 && WORD_CHAR.test(text.charAt(start - 1))) continue;
        while (end < text.length && MARK.test(text.charAt(end))) end++;  // keep marks with their letter
        out.push([start, end, k]);
      }
    });
    return out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  }
  // [start, end) ranges to highlight: the places, without overlaps.
  function ranges(text, tokens) {
    var last = 0;
    return places(text, tokens).filter(function (r) { return r[0] >= last && (last = r[1]); });
  }
  // Where the best match of the whole query starts: the stretch of `size` characters holding the
  // most different words of the query, then the one whose words stand closest together; a word
  // that stands alone (not inside a longer word: ข้อ in ข้อมูล) counts a little more.
  function bestPlace(text, tokens, size) {
    var all = places(text, tokens), best = -1, at = all.length ? all[0][0] : 0;
    for (var i = 0; i < all.length; i++) {
      var seen = {}, words = 0, end = all[i][1], span = size * 2 / 3;
      for (var j = i; j < all.length && all[j][0] - all[i][0] <= span; j++) {
        if (!seen[all[j][2]]) { seen[all[j][2]] = 1; words++; end = Math.max(end, all[j][1]); }
      }
      var alone = WORD_CHAR.test(text.charAt(all[i][1])) ? 0 : 0.5;
      var value = words * 1000 - Math.min(999, end - all[i][0]) + alone * 600;
      if (value > best) { best = value; at = all[i][0]; }
    }
    return at;
  }
  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function highlight(text, tokens) {
    var html = "", last = 0;
    ranges(text, tokens).forEach(function (r) {
      html += escapeHtml(text.slice(last, r[0])) + "<mark>" + escapeHtml(text.slice(r[0], r[1])) + "</mark>";
      last = r[1];
    });
    return html + escapeHtml(text.slice(last));
  }
  function snippet(text, tokens, size) {
    var at = bestPlace(text, tokens, size);
    var start = Math.max(0, at - Math.round(size / 3)), end = Math.min(text.length, start + size);
    var space = text.lastIndexOf(" ", at);
    if (start > 0 && space > start - 20 && space < at) start = space + 1;
    var part = text.slice(start, end).replace(/\s+/g, " ");
    return (start > 0 ? "… " : "") + highlight(part, tokens) + (end < text.length ? " …" : "");
  }

  window.wongrianSearch = {
    setIndex: function (scriptUrl, version) {
      state.dir = scriptUrl.replace(/[?#].*$/, "").replace(/[^/]*$/, "");
      state.version = version || null;
    },
    addDocs: addDocs, addShard: addShard, addText: addText,
    ready: ready, search: search, confirm: confirm, query: query, more: more, loadText: loadText,
    text: function (n) { return state.texts[n] ? state.texts[n].text : ""; },
    snippet: snippet, highlight: highlight, reasons: reasons,
    normalize: normalize, chunks: chunks, letters: letters, grams: grams, shardKey: shardKey, fnv1a: fnv1a
  };
})();
