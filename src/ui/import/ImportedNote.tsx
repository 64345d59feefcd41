// Under the header after an import: what the capture was recognised as and what could not be
// inferred (the machine is then the user's to change), until dismissed.
import { Notes } from './ImportDialog';
import { importedStore, useImported } from './imported-store';

export function ImportedNote() {
  const note = useImported((s) => s.note);
  if (!note) return null;
  return (
    <section className="imported-note" aria-label="Imported capture">
      <details open={note.notes.length <= 3}>
        <summary>
          Opened <strong>{note.title}</strong>, recognised as {note.format}: {note.devices} devices; {note.notes.length ? `${note.notes.length} things could not be inferred` : 'everything was inferred'}.
        </summary>
        <Notes notes={note.notes} />
      </details>
      <button type="button" aria-label="Dismiss the import notes" onClick={() => importedStore.setState({ note: null })}>
        ×
      </button>
    </section>
  );
}
