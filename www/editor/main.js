// The code editor: CodeMirror 6, bundled by esbuild (scripts/build-js.sh) into dist/editor.js.
//
// The Yew page owns the code; this file only draws it. It exposes one global,
// `ShardlaneEditor.mount(parent, options)`, whose handle the page drives (see src/ui/editor.rs):
// new text, language, read-only, diagnostics (the failing line marked with its message) and the
// put-call line of the selected record. Tab indents; Escape then Tab leaves the editor (CodeMirror's
// tab-focus mode), so the keyboard is never trapped.
import { EditorState, Compartment, StateEffect, StateField, Annotation } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  syntaxHighlighting, indentOnInput, bracketMatching, StreamLanguage,
} from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { python } from '@codemirror/lang-python';

// Python (the default scenario's language) and plain key lists come with the editor; the other
// modes are separate chunks (esbuild's code splitting), fetched the first time they are asked
// for, which keeps them out of the page's first load.
const languages = {
  python: () => python(),
  keys: () => [],
};
const loaders = {
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  json: async () => (await import('@codemirror/lang-json')).json(),
  shell: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell),
};

/** The extension of mode `name` when it is loaded, else `null` (and it starts loading). */
function languageNow(name) {
  if (languages[name]) return languages[name]();
  if (!loaders[name]) return languages.keys();
  return null;
}

/** Resolves to mode `name`'s extension, loading its chunk once. */
function languageLater(name) {
  const loaded = loaders[name]().then((extension) => {
    languages[name] = () => extension;
    return extension;
  });
  loaders[name] = () => loaded;
  return loaded;
}

/** Marks text changes made by the page itself, which must not be echoed back as edits. */
const fromPage = Annotation.define();

/** The put-call line of the selected record: one line decoration, or none. */
const setPutLine = StateEffect.define();
const putLine = StateField.define({
  create: () => Decoration.none,
  update(decorations, transaction) {
    decorations = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setPutLine)) {
        const line = effect.value;
        decorations = line == null || line < 1 || line > transaction.state.doc.lines
          ? Decoration.none
          : Decoration.set([
            Decoration.line({ class: 'cm-put-line', attributes: { title: 'The put call of the selected record' } })
              .range(transaction.state.doc.line(line).from),
          ]);
      }
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function lineRange(doc, line, column) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = column ? Math.min(at.from + column - 1, at.to) : at.from;
  return { from, to: at.to };
}

function mount(parent, options) {
  const language = new Compartment();
  const readOnly = new Compartment();
  const readOnlyExtensions = (value) => [EditorState.readOnly.of(value), EditorView.editable.of(!value)];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc ?? '',
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(classHighlighter),
        lintGutter(),
        putLine,
        language.of(languageNow(options.language) ?? []),
        readOnly.of(readOnlyExtensions(Boolean(options.readOnly))),
        keymap.of([
          { key: 'Mod-Enter', run: () => { options.onRun?.(); return true; } },
          indentWithTab,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({
          'aria-label': options.label ?? 'Code',
          'aria-multiline': 'true',
          spellcheck: 'false',
          autocapitalize: 'off',
          autocorrect: 'off',
          // Focusable even when read-only, so a keyboard can scroll the code (axe:
          // scrollable-region-focusable).
          tabindex: '0',
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((t) => t.annotation(fromPage))) {
            options.onChange?.(update.state.doc.toString());
          }
        }),
      ],
    }),
  });

  // The mode last asked for: a chunk that arrives after another mode was chosen is not applied.
  let wanted = options.language;
  const setLanguage = (name) => {
    wanted = name;
    const now = languageNow(name);
    if (now) {
      view.dispatch({ effects: language.reconfigure(now) });
      return;
    }
    languageLater(name).then((extension) => {
      if (wanted === name) view.dispatch({ effects: language.reconfigure(extension) });
    }, (error) => console.warn(`The ${name} mode of the editor did not load: ${error}`));
  };
  if (!languageNow(options.language)) setLanguage(options.language);

  const handle = {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        annotations: fromPage.of(true),
      });
    },
    setLanguage,
    setReadOnly(value) {
      view.dispatch({ effects: readOnly.reconfigure(readOnlyExtensions(Boolean(value))) });
    },
    /** `diagnostics`: [{line, column (optional, 1-based), message, severity: "error"|"warning"}]. */
    setDiagnostics(diagnostics) {
      const doc = view.state.doc;
      const marks = diagnostics
        .filter((d) => d.line >= 1)
        .map((d) => ({ ...lineRange(doc, d.line, d.column), severity: d.severity, message: d.message }));
      view.dispatch(setDiagnostics(view.state, marks));
    },
    /**
     * Highlights the put call of the selected record (`null` clears it) and scrolls the editor's
     * own box to it. Never CodeMirror's scrollIntoView: that also scrolls the window, and a click
     * on a record far below the editor would jump the page up to it.
     */
    setPutLine(line) {
      const valid = line != null && line >= 1 && line <= view.state.doc.lines;
      view.dispatch({ effects: setPutLine.of(valid ? line : null) });
      if (!valid) return;
      view.requestMeasure({
        read: () => {
          const block = view.lineBlockAt(view.state.doc.line(line).from);
          const box = view.scrollDOM;
          const inView = block.top >= box.scrollTop && block.bottom <= box.scrollTop + box.clientHeight;
          return inView ? null : Math.max(0, block.top - box.clientHeight / 2);
        },
        write: (top) => {
          if (top != null) view.scrollDOM.scrollTop = top;
        },
      });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
  // For tests and for people poking at the page from the console.
  parent.shardlaneEditor = handle;
  return handle;
}

globalThis.ShardlaneEditor = { mount };
// The page loads this module after its first draw and mounts the editor on this event
// (src/ui/editor.rs).
globalThis.dispatchEvent(new Event('shardlane-editor-ready'));
