<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>CompareCell</name>
    <message>
        <source>Mark as the winner (stars the image)</source>
        <translation>Als Sieger markieren (markiert das Bild mit einem Stern)</translation>
    </message>
    <message>
        <source>not charged yet</source>
        <translation>noch nicht abgerechnet</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <source>{seconds} s to the result</source>
        <translation>{seconds} s bis zum Ergebnis</translation>
    </message>
    <message>
        <source>(not the {ratio} asked for)</source>
        <translation>(nicht das verlangte {ratio})</translation>
    </message>
    <message>
        <source>(not the {format} asked for)</source>
        <translation>(nicht das verlangte {format})</translation>
    </message>
</context>
<context>
    <name>CompareController</name>
    <message>
        <source>Compare…</source>
        <translation>Vergleichen…</translation>
    </message>
    <message>
        <source>Comparisons…</source>
        <translation>Vergleiche…</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>&amp;Vergleichen</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare providers</source>
        <translation>Anbieter vergleichen</translation>
    </message>
    <message>
        <source>One prompt for every target</source>
        <translation>Ein Prompt für alle Ziele</translation>
    </message>
    <message>
        <source>Each model&apos;s default</source>
        <translation>Standard des jeweiligen Modells</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Seitenverhältnis</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Referenzbilder</translation>
    </message>
    <message numerus="yes">
        <source>%n reference(s) from the composer</source>
        <translation>
            <numerusform>%n Referenzbild aus dem Editor</numerusform>
            <numerusform>%n Referenzbilder aus dem Editor</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick two or more targets.</source>
        <translation>Zwei oder mehr Ziele ankreuzen.</translation>
    </message>
    <message>
        <source>{target}: {note}</source>
        <translation>{target}: {note}</translation>
    </message>
    <message>
        <source>Write the prompt to compare with.</source>
        <translation>Den Prompt für den Vergleich schreiben.</translation>
    </message>
    <message>
        <source>Every target can take this.</source>
        <translation>Jedes Ziel kann diese Anfrage annehmen.</translation>
    </message>
    <message>
        <source>Estimated total: {total}</source>
        <translation>Geschätzt insgesamt: {total}</translation>
    </message>
    <message>
        <source>(billed by the provider: {targets})</source>
        <translation>(vom Anbieter abgerechnet: {targets})</translation>
    </message>
</context>
<context>
    <name>CompareHistory</name>
    <message>
        <source>Comparisons</source>
        <translation>Vergleiche</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Another prompt for the same targets</source>
        <translation>Ein weiterer Prompt für dieselben Ziele</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Erneut ausführen</translation>
    </message>
    <message numerus="yes">
        <source>Comparison: %n target(s)</source>
        <translation>
            <numerusform>Vergleich: %n Ziel</numerusform>
            <numerusform>Vergleich: %n Ziele</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Settings</source>
        <extracomment>The user&apos;s bucket for local references (Settings → References), if set up.</extracomment>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Weitere Optionen</translation>
    </message>
    <message>
        <source>Checking the reference images…</source>
        <translation>Referenzbilder werden geprüft…</translation>
    </message>
    <message>
        <source>Add your {provider} API key in Settings (Ctrl+,) to generate.</source>
        <translation>Zum Generieren den API-Schlüssel für {provider} in den Einstellungen (Strg+,) hinzufügen.</translation>
    </message>
    <message>
        <source>Estimated cost: {cost}</source>
        <translation>Geschätzte Kosten: {cost}</translation>
    </message>
    <message>
        <source>Estimated cost: billed by the provider</source>
        <translation>Geschätzte Kosten: Abrechnung durch den Anbieter</translation>
    </message>
    <message>
        <source>Balance: {balance}</source>
        <translation>Guthaben: {balance}</translation>
    </message>
    <message>
        <source>Balance: {balance}, less than this job&apos;s estimate</source>
        <translation>Guthaben: {balance}, weniger als die Schätzung für diesen Auftrag</translation>
    </message>
    <message>
        <source>Size: chosen by the model</source>
        <translation>Größe: wählt das Modell</translation>
    </message>
    <message>
        <source>Size: {size} pixels</source>
        <translation>Größe: {size} Pixel</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Demo: images are placeholders — add an API key to generate for real</source>
        <translation>Demo: Die Bilder sind Platzhalter – für echte Bilder einen API-Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>Add API key…</source>
        <translation>API-Schlüssel hinzufügen…</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Select an image to see it here.</source>
        <translation>Ein Bild auswählen, um es hier anzuzeigen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>This image cannot be read.</source>
        <translation>Dieses Bild kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>invalid: changed after signing, or a bad signature</source>
        <translation>ungültig: nach dem Signieren verändert oder falsch signiert</translation>
    </message>
    <message>
        <source>present (not checked: c2pa-python is not installed)</source>
        <translation>vorhanden (nicht geprüft: c2pa-python ist nicht installiert)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>Seitenverhältnis</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Dateiformat</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Referenzbilder</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Content Credentials</source>
        <translation>Inhaltsnachweise</translation>
    </message>
</context>
<context>
    <name>DoneNotice</name>
    <message numerus="yes">
        <source>%n image(s) ready</source>
        <translation>
            <numerusform>%n Bild fertig</numerusform>
            <numerusform>%n Bilder fertig</numerusform>
        </translation>
    </message>
    <message>
        <source>A job could not be finished.</source>
        <translation>Ein Auftrag konnte nicht abgeschlossen werden.</translation>
    </message>
    <message>
        <source>Image Studio</source>
        <translation>Image Studio</translation>
    </message>
</context>
<context>
    <name>ExtrasForm</name>
    <message>
        <source>(provider default)</source>
        <extracomment>Preselected where the model takes it: two live previews while the image streams in.</extracomment>
        <translation>(Standard des Anbieters)</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <source>Delivered {got}; asked for {asked}.</source>
        <extracomment>True when the delivered picture is not the size or format asked for (once known). The `LivePreview` of a transient cell (a streamed job&apos;s partial image), None on results. Show only starred images (the search row&apos;s star filter). Each entry&apos;s sort key, by (job id, image index) and by path. Keys are unique and do not move when rows do, so a row is found by bisecting `_keys`: a map of rows had to be rebuilt after every insertion, O(rows) for each thumbnail that arrived while jobs were finishing (bench/README.md, UI responsiveness). Whether each file shown is not what was asked (known once its thumbnail is read). Streamed jobs under way with a preview, newest first, shown in the first rows.</extracomment>
        <translation>Geliefert {got}; angefragt {asked}.</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>No images match &quot;{text}&quot;.</source>
        <translation>Keine Bilder passen zu „{text}“.</translation>
    </message>
    <message>
        <source>No images from this period.</source>
        <translation>Keine Bilder aus diesem Zeitraum.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <source>Your images appear here.
Write a prompt and press Generate.</source>
        <translation>Hier erscheinen die Bilder.
Einen Prompt schreiben und „Generieren“ drücken.</translation>
    </message>
</context>
<context>
    <name>GenerateBar</name>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>Generieren (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Set up reference hosting…</source>
        <translation>Referenz-Hosting einrichten…</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Image</source>
        <extracomment>Larger images are decoded scaled to this edge (and the decoder&apos;s allocation limit applies). The image centre&apos;s distance from the canvas centre, in logical pixels.</extracomment>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Previous image (Left)</source>
        <translation>Vorheriges Bild (Links)</translation>
    </message>
    <message>
        <source>Next image (Right)</source>
        <translation>Nächstes Bild (Rechts)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit to window (F)</source>
        <translation>An Fenster anpassen (F)</translation>
    </message>
    <message>
        <source>Actual size (1)</source>
        <translation>Originalgröße (1)</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Vollbild</translation>
    </message>
    <message>
        <source>Full screen (F11)</source>
        <translation>Vollbild (F11)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>This image cannot be read.</source>
        <translation>Dieses Bild kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>{name} — {width} × {height} — {zoom} %</source>
        <translation>{name} — {width} × {height} — {zoom} %</translation>
    </message>
</context>
<context>
    <name>JournalRefused</name>
    <message>
        <source>The job journal was written by a newer version of Image Studio. Update Image Studio to open it. The journal is left as it is.</source>
        <extracomment>The process&apos;s exit code, as the command line&apos;s for local storage (`studio.cli.output`). What opening the journal raises when it cannot be used: a refused schema, SQLite&apos;s errors, and the OSError of a folder or file that cannot be made (permissions, a read-only disk).</extracomment>
        <translation>Das Auftragsprotokoll wurde von einer neueren Version von Image Studio geschrieben. Aktualisieren Sie Image Studio, um es zu öffnen. Das Protokoll bleibt unverändert.</translation>
    </message>
    <message>
        <source>The job journal was written by a different (development) build of Image Studio and lacks parts this version needs. It is left as it is: move it aside to start a new journal, or open it with the build that wrote it.</source>
        <translation>Das Auftragsprotokoll wurde von einem anderen (Entwicklungs-)Build von Image Studio geschrieben, und ihm fehlen Teile, die diese Version braucht. Es bleibt unverändert: Verschieben Sie es, um ein neues Protokoll zu beginnen, oder öffnen Sie es mit dem Build, der es geschrieben hat.</translation>
    </message>
    <message>
        <source>Image Studio cannot open its job journal: {reason}. Free some disk space or check the folder&apos;s permissions, then start Image Studio again.</source>
        <translation>Image Studio kann sein Auftragsprotokoll nicht öffnen: {reason}. Geben Sie Speicherplatz frei oder prüfen Sie die Berechtigungen des Ordners, und starten Sie Image Studio dann erneut.</translation>
    </message>
    <message>
        <source>Image Studio cannot start</source>
        <translation>Image Studio kann nicht starten</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Image Studio</source>
        <translation>Image Studio</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Save result as…</source>
        <translation>Ergebnis speichern unter…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>Bild öffnen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>&amp;Bild</translation>
    </message>
    <message>
        <source>Job started</source>
        <translation>Auftrag gestartet</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n job(s)?</source>
        <translation>
            <numerusform>%n Auftrag entfernen?</numerusform>
            <numerusform>%n Aufträge entfernen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) go to the trash.</source>
        <translation>
            <numerusform>%n Bild kommt in den Papierkorb.</numerusform>
            <numerusform>%n Bilder kommen in den Papierkorb.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n image(s) to {folder}</source>
        <translation>
            <numerusform>%n Bild in {folder} gespeichert</numerusform>
            <numerusform>%n Bilder in {folder} gespeichert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are still running. Quit anyway? They continue the next time you open {app}.</source>
        <translation>
            <numerusform>%n Auftrag läuft noch. Trotzdem beenden? Er wird beim nächsten Start von {app} fortgesetzt.</numerusform>
            <numerusform>%n Aufträge laufen noch. Trotzdem beenden? Sie werden beim nächsten Start von {app} fortgesetzt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit and lose %n image(s)</source>
        <translation>
            <numerusform>Beenden und %n Bild verlieren</numerusform>
            <numerusform>Beenden und %n Bilder verlieren</numerusform>
        </translation>
    </message>
    <message>
        <source>{count} still running will be stopped.</source>
        <translation>{count} noch laufende werden abgebrochen.</translation>
    </message>
    <message>
        <source>Remove jobs</source>
        <translation>Aufträge entfernen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Demo jobs ({count}) start again from the beginning.</source>
        <translation>Demo-Aufträge ({count}) beginnen dann von vorn.</translation>
    </message>
    <message numerus="yes">
        <source>%n paid image(s) could not be saved because the disk is full and are held only in memory. Quitting now loses them. Free some disk space and they are saved on their own.</source>
        <translation>
            <numerusform>%n bezahltes Bild konnte nicht gespeichert werden, weil der Datenträger voll ist, und liegt nur im Arbeitsspeicher. Wenn Sie jetzt beenden, geht es verloren. Geben Sie Speicherplatz frei, dann wird es von selbst gespeichert.</numerusform>
            <numerusform>%n bezahlte Bilder konnten nicht gespeichert werden, weil der Datenträger voll ist, und liegen nur im Arbeitsspeicher. Wenn Sie jetzt beenden, gehen sie verloren. Geben Sie Speicherplatz frei, dann werden sie von selbst gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit Image Studio</source>
        <translation>Image Studio beenden</translation>
    </message>
</context>
<context>
    <name>MaskDialog</name>
    <message>
        <source>Paint a mask</source>
        <translation>Maske malen</translation>
    </message>
    <message>
        <source>Paint over what the model should change; the rest stays as it is.</source>
        <translation>Übermalen Sie, was das Modell ändern soll; der Rest bleibt, wie er ist.</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Umkehren</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Size {width}x{height}</source>
        <translation>Größe {width}x{height}</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>Pinselgröße</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>Härte</translation>
    </message>
    <message>
        <source>Paint where the model should edit.</source>
        <translation>Malen Sie, wo das Modell bearbeiten soll.</translation>
    </message>
</context>
<context>
    <name>MaskRow</name>
    <message>
        <source>Paint mask…</source>
        <extracomment>A reused job&apos;s mask, waiting for its first reference to be back in the composer.</extracomment>
        <translation>Maske malen …</translation>
    </message>
    <message>
        <source>Remove mask</source>
        <translation>Maske entfernen</translation>
    </message>
    <message>
        <source>Add a picture from this computer as the first reference.</source>
        <translation>Fügen Sie ein Bild von diesem Computer als erste Referenz hinzu.</translation>
    </message>
    <message>
        <source>Mask: painted on the first reference</source>
        <translation>Maske: auf die erste Referenz gemalt</translation>
    </message>
    <message>
        <source>No mask</source>
        <translation>Keine Maske</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Details are in the log: {path}</source>
        <translation>Einzelheiten stehen im Protokoll: {path}</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>Seitenverhältnis</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Dateiformat</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>From ratio and resolution</source>
        <translation>Aus Seitenverhältnis und Auflösung</translation>
    </message>
    <message>
        <source>Provider default</source>
        <translation>Standard des Anbieters</translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message>
        <source>Describe the image… (Ctrl+Enter generates, Ctrl+Up/Down recalls)</source>
        <translation>Bild beschreiben… (Strg+Eingabe generiert, Strg+↑/↓ holt frühere Prompts)</translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>{over} characters over the model&apos;s limit</source>
        <translation>{over} Zeichen über der Grenze des Modells</translation>
    </message>
    <message>
        <source>Characters used of the model&apos;s limit</source>
        <translation>Verwendete Zeichen von der Grenze des Modells</translation>
    </message>
</context>
<context>
    <name>ProviderPage</name>
    <message>
        <source>Paste your API key</source>
        <translation>API-Schlüssel hier einfügen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Concurrent jobs</source>
        <translation>Gleichzeitige Aufträge</translation>
    </message>
    <message>
        <source>{variable} is set in the environment; it is used instead of the key stored here.</source>
        <translation>{variable} ist in der Umgebung gesetzt und wird anstelle des hier gespeicherten Schlüssels verwendet.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Job</source>
        <extracomment>job id -&gt; row, rebuilt after rows move: every engine event looks its job up. Ids of the jobs not yet final, kept up to date with each change: the queue&apos;s summary and buttons ask after every event, and counting the list each time made a burst of submissions quadratic (bench/RESULTS.md, UI responsiveness). Live previews of streamed creates, drawn beside the job (never saved).</extracomment>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>preview {number} of {total}</source>
        <translation>Vorschau {number} von {total}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Aufräumen</translation>
    </message>
    <message>
        <source>Take finished jobs off this list; their images stay in the gallery.</source>
        <translation>Fertige Aufträge aus dieser Liste nehmen; ihre Bilder bleiben in der Galerie.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>{active} active, {total} in list</source>
        <translation>{active} von {total} aktiv</translation>
    </message>
</context>
<context>
    <name>ReferenceTile</name>
    <message>
        <source>link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Remove this reference</source>
        <translation>Dieses Referenzbild entfernen</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>Nach vorn</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>Nach hinten</translation>
    </message>
</context>
<context>
    <name>ReferenceZone</name>
    <message>
        <source>Drop images or links here, or paste (Ctrl+V)</source>
        <translation>Bilder oder Links hier ablegen oder einfügen (Strg+V)</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Referenzbilder</translation>
    </message>
    <message>
        <source>That is not an image or a link to one.</source>
        <translation>Das ist weder ein Bild noch ein Link auf ein Bild.</translation>
    </message>
    <message>
        <source>Choose reference images</source>
        <translation>Referenzbilder auswählen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>ReferencesPage</name>
    <message>
        <source>JoyAI and GPTImage2.ai take reference pictures only as links. With a bucket of your own (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi…), a local photo is uploaded there and sent as a link that expires; it is deleted when the job ends.</source>
        <translation>JoyAI und GPTImage2.ai nehmen Referenzbilder nur als Links an. Mit einem eigenen Bucket (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi…) wird ein lokales Foto dorthin hochgeladen und als ablaufender Link gesendet; nach dem Auftrag wird es gelöscht.</translation>
    </message>
    <message>
        <source>stored in the system keyring</source>
        <translation>im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Bucket and prefix</source>
        <translation>Bucket und Präfix</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>Geheimer Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>Links expire after</source>
        <translation>Links laufen ab nach</translation>
    </message>
    <message>
        <source>AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the environment; they are used instead of the key stored here.</source>
        <translation>AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY sind in der Umgebung gesetzt; sie werden statt des hier gespeicherten Schlüssels verwendet.</translation>
    </message>
    <message>
        <source>Enter the endpoint and the bucket (s3://bucket/prefix).</source>
        <translation>Endpunkt und Bucket eingeben (s3://bucket/präfix).</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>Works: a test object was written, read back through a link and deleted.</source>
        <translation>Funktioniert: Ein Testobjekt wurde geschrieben, über einen Link zurückgelesen und gelöscht.</translation>
    </message>
    <message>
        <source>The bucket refused the access key: check the key ID and the secret, and that the key may write to this bucket.</source>
        <translation>Der Bucket hat den Zugriffsschlüssel abgelehnt: Schlüssel-ID und Geheimnis prüfen und ob der Schlüssel in diesen Bucket schreiben darf.</translation>
    </message>
    <message>
        <source>The bucket was not found at this endpoint: check its name, the endpoint and the region.</source>
        <translation>Der Bucket wurde an diesem Endpunkt nicht gefunden: Namen, Endpunkt und Region prüfen.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is too far off for the bucket to accept signed requests: set the clock right (automatic time).</source>
        <translation>Die Uhr dieses Computers geht zu weit falsch, als dass der Bucket signierte Anfragen annimmt: die Uhr richtig stellen (automatische Zeit).</translation>
    </message>
    <message>
        <source>The endpoint cannot be reached: check the address and the network.</source>
        <translation>Der Endpunkt ist nicht erreichbar: Adresse und Netzwerk prüfen.</translation>
    </message>
    <message>
        <source>The bucket accepted the object, but it could not be read back through its link.</source>
        <translation>Der Bucket hat das Objekt angenommen, aber es ließ sich über seinen Link nicht zurücklesen.</translation>
    </message>
</context>
<context>
    <name>ResendGuard</name>
    <message numerus="yes">
        <source>The first attempt of %n job(s) may already have been charged: its outcome is unknown, or the provider took it before it ended. Retry sends a new paid request.</source>
        <translation>
            <numerusform>Der erste Versuch von %n Auftrag wurde womöglich schon berechnet: Sein Ausgang ist unbekannt, oder der Anbieter hat ihn angenommen, bevor er endete. Erneut versuchen sendet eine neue kostenpflichtige Anfrage.</numerusform>
            <numerusform>Der erste Versuch von %n Aufträgen wurde womöglich schon berechnet: Ihr Ausgang ist unbekannt, oder der Anbieter hat sie angenommen, bevor sie endeten. Erneut versuchen sendet neue kostenpflichtige Anfragen.</numerusform>
        </translation>
    </message>
    <message>
        <source>It costs {cost} again.</source>
        <translation>Das kostet erneut {cost}.</translation>
    </message>
    <message>
        <source>Pay again?</source>
        <translation>Erneut bezahlen?</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Erneut senden</translation>
    </message>
</context>
<context>
    <name>ResultDeletion</name>
    <message>
        <source>Undo delete</source>
        <translation>Löschen rückgängig machen</translation>
    </message>
    <message>
        <source>Image deleted.</source>
        <translation>Bild gelöscht.</translation>
    </message>
    <message>
        <source>Image restored</source>
        <translation>Bild wiederhergestellt</translation>
    </message>
</context>
<context>
    <name>ResultHandler</name>
    <message>
        <source>Select an image in the gallery to save it.</source>
        <extracomment>Shows a result in the viewer (the window hands in the gallery&apos;s). Opening files is delegated to the desktop; tests replace this.</extracomment>
        <translation>Zum Speichern ein Bild in der Galerie auswählen.</translation>
    </message>
    <message>
        <source>Save image as</source>
        <translation>Bild speichern unter</translation>
    </message>
    <message>
        <source>Export without metadata</source>
        <translation>Ohne Metadaten exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG-Bild (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP-Bild (*.webp)</translation>
    </message>
    <message>
        <source>Exported without metadata to {path}; its Content Credentials (C2PA) were removed too.</source>
        <translation>Ohne Metadaten exportiert nach {path}; auch die Inhaltsnachweise (C2PA) wurden entfernt.</translation>
    </message>
    <message>
        <source>Exported without metadata to {path}</source>
        <translation>Ohne Metadaten exportiert nach {path}</translation>
    </message>
    <message>
        <source>Saved to {path}; converting it removed its Content Credentials (C2PA).</source>
        <translation>Gespeichert unter {path}; durch die Umwandlung wurden die Inhaltsnachweise (C2PA) entfernt.</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Image copied</source>
        <translation>Bild kopiert</translation>
    </message>
    <message>
        <source>Prompt copied</source>
        <translation>Prompt kopiert</translation>
    </message>
    <message>
        <source>Unstarred</source>
        <translation>Stern entfernt</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>Mit Stern markiert</translation>
    </message>
</context>
<context>
    <name>ReuseBar</name>
    <message>
        <source>Reuse prompt and settings</source>
        <extracomment>Characters of the prompt shown in the offer. Dropped files looked at for a prompt, at most.</extracomment>
        <translation>Als Vorlage verwenden</translation>
    </message>
    <message>
        <source>Add as reference</source>
        <translation>Als Referenzbild hinzufügen</translation>
    </message>
</context>
<context>
    <name>ReuseController</name>
    <message>
        <source>Open image</source>
        <extracomment>Awaited before reuse is offered: which providers have keys must be known by then.</extracomment>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>{name} is not an image the studio can read.</source>
        <translation>{name} ist kein Bild, das Image Studio lesen kann.</translation>
    </message>
    <message>
        <source>This image carries no prompt or settings.</source>
        <translation>Dieses Bild enthält weder Prompt noch Einstellungen.</translation>
    </message>
    <message>
        <source>This image carries no prompt or settings, only: {blocks}.</source>
        <translation>Dieses Bild enthält weder Prompt noch Einstellungen, nur: {blocks}.</translation>
    </message>
    <message>
        <source>Prompt and settings from {app}: {provider}, {model}</source>
        <translation>Prompt und Einstellungen aus {app}: {provider}, {model}</translation>
    </message>
    <message>
        <source>Prompt from another tool: {tool}</source>
        <translation>Prompt aus einem anderen Programm: {tool}</translation>
    </message>
    <message>
        <source>Prompt from another tool</source>
        <translation>Prompt aus einem anderen Programm</translation>
    </message>
    <message>
        <source>Not used here: {settings}</source>
        <translation>Hier nicht verwendet: {settings}</translation>
    </message>
    <message>
        <source>{provider} is not available here: the prompt was reused with {current}.</source>
        <translation>{provider} ist hier nicht verfügbar: Der Prompt wurde mit {current} übernommen.</translation>
    </message>
    <message>
        <source>There is no API key for {provider}: the prompt was reused with {current}.</source>
        <translation>Für {provider} ist kein API-Schlüssel vorhanden: Der Prompt wurde mit {current} übernommen.</translation>
    </message>
    <message>
        <source>{model} is not offered any more; {current} is selected.</source>
        <translation>{model} wird nicht mehr angeboten; {current} ist ausgewählt.</translation>
    </message>
    <message>
        <source>Prompt and settings reused.</source>
        <translation>Prompt und Einstellungen übernommen.</translation>
    </message>
    <message numerus="yes">
        <source>The original also used %n reference image(s); add them again to repeat it.</source>
        <translation>
            <numerusform>Das Original verwendete außerdem %n Referenzbild; zum Wiederholen erneut hinzufügen.</numerusform>
            <numerusform>Das Original verwendete außerdem %n Referenzbilder; zum Wiederholen erneut hinzufügen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompt reused; the other tool&apos;s settings are not used here.</source>
        <translation>Prompt übernommen; die Einstellungen des anderen Programms werden hier nicht verwendet.</translation>
    </message>
    <message>
        <source>Aspect ratio {ratio} is the closest to its {width}×{height}.</source>
        <translation>Das Seitenverhältnis {ratio} kommt den {width}×{height} des Bildes am nächsten.</translation>
    </message>
    <message>
        <source>Size {size} is the closest to its {width}×{height}.</source>
        <translation>Die Größe {size} kommt den {width}×{height} des Bildes am nächsten.</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search prompts, providers, models</source>
        <extracomment>Typing pauses shorter than this are one query. Only starred images.</extracomment>
        <translation>Prompts, Anbieter, Modelle durchsuchen</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Beliebiger Zeitraum</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Dieses Jahr</translation>
    </message>
    <message>
        <source>Only starred images</source>
        <translation>Nur Bilder mit Stern</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Referenzbilder</translation>
    </message>
    <message>
        <source>No system keyring was found on this computer: keys are kept for this session only and must be entered again next time.</source>
        <translation>Auf diesem Computer wurde kein Schlüsselbund des Systems gefunden: Schlüssel gelten nur für diese Sitzung und müssen beim nächsten Mal erneut eingegeben werden.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Send local reference files inline where the provider only documents links</source>
        <translation>Lokale Referenzbilder direkt mitsenden, wo der Anbieter nur Links dokumentiert</translation>
    </message>
    <message>
        <source>Tell me when a long job finishes while I am in another window</source>
        <translation>Bescheid geben, wenn ein langer Auftrag fertig wird, während ich in einem anderen Fenster bin</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Takes effect after restarting Image Studio.</source>
        <translation>Wird nach einem Neustart von Image Studio wirksam.</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>Bibliotheksordner</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Choose the library folder</source>
        <translation>Bibliotheksordner auswählen</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Connected. Balance: {balance}</source>
        <translation>Verbunden. Guthaben: {balance}</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
    </message>
    <message>
        <source>The settings could not be saved: {error}</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: {error}</translation>
    </message>
</context>
<context>
    <name>SpendChart</name>
    <message>
        <source>Nothing charged</source>
        <translation>Nichts abgerechnet</translation>
    </message>
</context>
<context>
    <name>SpendDialog</name>
    <message>
        <source>Spend and budgets</source>
        <translation>Ausgaben und Budgets</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Diesen Monat</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Daily cap</source>
        <translation>Tagesgrenze</translation>
    </message>
    <message>
        <source>Monthly cap</source>
        <translation>Monatsgrenze</translation>
    </message>
    <message>
        <source>Caps</source>
        <translation>Obergrenzen</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Save caps</source>
        <translation>Obergrenzen speichern</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Pro Tag</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <source>{balance} (seen {when})</source>
        <translation>{balance} (gesehen {when})</translation>
    </message>
    <message>
        <source>{spent} of {cap}</source>
        <translation>{spent} von {cap}</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>{provider}: charged per day, last 30 days ({unit})</source>
        <translation>{provider}: pro Tag abgerechnet, letzte 30 Tage ({unit})</translation>
    </message>
    <message>
        <source>in {unit}</source>
        <translation>in {unit}</translation>
    </message>
    <message>
        <source>“{text}” is not an amount.</source>
        <translation>„{text}“ ist kein Betrag.</translation>
    </message>
    <message>
        <source>Caps saved.</source>
        <translation>Obergrenzen gespeichert.</translation>
    </message>
</context>
<context>
    <name>StartingView</name>
    <message>
        <source>Starting…</source>
        <extracomment>Qt.AlignmentFlag.AlignCenter (AlignHCenter | AlignVCenter). Before the first paint nothing names the `Qt` namespace: PySide builds it, with every one of its enums, in ~25 ms of CPU, which the rooms pay for after the paint (bench/README.md, start-up).</extracomment>
        <translation>Wird gestartet…</translation>
    </message>
</context>
<context>
    <name>ThumbnailDelegate</name>
    <message>
        <source>Cannot read
this image</source>
        <translation>Bild nicht
lesbar</translation>
    </message>
    <message>
        <source>preview {number} of {total}</source>
        <translation>Vorschau {number} von {total}</translation>
    </message>
    <message>
        <source>≠ asked</source>
        <extracomment>The smallest grid cell: a thumbnail, its padding and a gap.</extracomment>
        <translation>≠ angefragt</translation>
    </message>
</context>
<context>
    <name>WalletController</name>
    <message>
        <source>Spend and budgets…</source>
        <translation>Ausgaben und Budgets…</translation>
    </message>
    <message>
        <source>&amp;Wallet</source>
        <translation>&amp;Geldbörse</translation>
    </message>
    <message>
        <source>today</source>
        <translation>heute</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>diesen Monat</translation>
    </message>
    <message>
        <source>{provider} {period}: {spent} of {cap} spent, this job ≈ {estimate}.</source>
        <translation>{provider} {period}: {spent} von {cap} ausgegeben, dieser Auftrag ≈ {estimate}.</translation>
    </message>
    <message>
        <source>{amount} more is in flight.</source>
        <translation>Weitere {amount} sind unterwegs.</translation>
    </message>
    <message>
        <source>Nothing was sent. Raise the daily cap to {cap} and send?</source>
        <translation>Es wurde nichts gesendet. Die Tagesgrenze auf {cap} anheben und senden?</translation>
    </message>
    <message>
        <source>Nothing was sent. Raise the monthly cap to {cap} and send?</source>
        <translation>Es wurde nichts gesendet. Die Monatsgrenze auf {cap} anheben und senden?</translation>
    </message>
    <message>
        <source>Over budget</source>
        <translation>Budget überschritten</translation>
    </message>
    <message>
        <source>Raise cap and send</source>
        <translation>Grenze anheben und senden</translation>
    </message>
</context>
<context>
    <name>studio.bars</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>studio.catalog</name>
    <message>
        <source>Text-to-image, or image editing when references are given.</source>
        <translation>Text-zu-Bild oder, mit Referenzbildern, Bildbearbeitung (Bearbeitungsmodus).</translation>
    </message>
    <message>
        <source>Instruction-based editing of 1 to 3 reference images.</source>
        <translation>Anweisungsbasierte Bildbearbeitung von 1–3 Referenzbildern.</translation>
    </message>
    <message>
        <source>Text-to-image or image-to-image with reference URLs; 1 to 4 images per job.</source>
        <translation>Text-zu-Bild oder Bild-zu-Bild mit Referenz-URLs; 1–4 Bilder pro Auftrag.</translation>
    </message>
    <message>
        <source>OpenAI-compatible GPT Image 2, billed per image by quality tier.</source>
        <translation>OpenAI-kompatibles GPT Image 2, abgerechnet pro Bild nach Qualitätsstufe.</translation>
    </message>
    <message>
        <source>OpenAI Images; results come back inline (b64_json).</source>
        <extracomment>Output tokens of one 1024x1024 image by quality (OpenAI&apos;s image generation guide); other sizes scale by area. &quot;auto&quot; is estimated as medium. Input tokens estimated per reference image (and mask) before sending.</extracomment>
        <translation>OpenAI Images; die Ergebnisse kommen direkt in der Antwort (b64_json).</translation>
    </message>
    <message>
        <source>Demo (offline)</source>
        <translation>Offline-Demo</translation>
    </message>
</context>
<context>
    <name>studio.claims</name>
    <message>
        <source>Running in another Image Studio on this computer (process {pid})</source>
        <translation>Läuft in einem anderen Image Studio auf diesem Computer (Prozess {pid})</translation>
    </message>
    <message>
        <source>Claimed by {host}; not polled here</source>
        <translation>Wird von {host} ausgeführt; hier nicht abgefragt</translation>
    </message>
</context>
<context>
    <name>studio.extras</name>
    <message>
        <source>Style</source>
        <extracomment>pyside6-lupdate collects `translate(&quot;context&quot;, &quot;text&quot;)` calls; the context must be a literal.</extracomment>
        <translation>Stil</translation>
    </message>
    <message>
        <source>e.g. watercolor, photorealistic</source>
        <translation>z. B. Aquarell, fotorealistisch</translation>
    </message>
    <message>
        <source>Lighting</source>
        <translation>Beleuchtung</translation>
    </message>
    <message>
        <source>e.g. golden hour, studio softbox</source>
        <translation>z. B. goldene Stunde, Studio-Softbox</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>e.g. 35mm, wide angle, low angle</source>
        <translation>z. B. 35 mm, Weitwinkel, Froschperspektive</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Negativ-Prompt</translation>
    </message>
    <message>
        <source>what to leave out</source>
        <translation>was nicht im Bild sein soll</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>Hintergrund</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>Inhaltsfilter</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>Kompression</translation>
    </message>
    <message>
        <source>0-100, JPEG/WebP only</source>
        <translation>0–100, nur JPEG/WebP</translation>
    </message>
    <message>
        <source>Input fidelity</source>
        <translation>Treue zur Vorlage</translation>
    </message>
    <message>
        <source>Live previews</source>
        <translation>Live-Vorschauen</translation>
    </message>
    <message>
        <source>End-user id</source>
        <translation>Endnutzer-ID</translation>
    </message>
    <message>
        <source>passed on for abuse monitoring</source>
        <translation>wird zur Missbrauchserkennung weitergegeben</translation>
    </message>
</context>
<context>
    <name>studio.messages</name>
    <message>
        <source>Add API key…</source>
        <extracomment>pyside6-lupdate collects `translate(&quot;context&quot;, &quot;text&quot;)` calls; the context must be a literal. The error kind behind it, so the message can go when its cause is gone. What the lower layers said, where the text already tells that fact (shown on hover).</extracomment>
        <translation>API-Schlüssel hinzufügen…</translation>
    </message>
    <message>
        <source>Retry after topping up</source>
        <translation>Nach dem Aufladen wiederholen</translation>
    </message>
    <message>
        <source>Edit prompt</source>
        <translation>Prompt bearbeiten</translation>
    </message>
    <message>
        <source>Edit request</source>
        <translation>Anfrage bearbeiten</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>the setting “Send local reference files inline” in Settings</source>
        <translation>die Einstellung „Lokale Referenzbilder direkt mitsenden“ in den Einstellungen</translation>
    </message>
    <message>
        <source>Settings → References</source>
        <translation>Einstellungen → Referenzen</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>der Anbieter</translation>
    </message>
    <message>
        <source>{provider} did not accept the API key.</source>
        <translation>{provider} hat den API-Schlüssel nicht akzeptiert.</translation>
    </message>
    <message>
        <source>This job needs the {provider} API key, which was kept for the last session only. Add the key in Settings: the job then continues and is not paid again.</source>
        <translation>Dieser Auftrag braucht den API-Schlüssel für {provider}, der nur für die letzte Sitzung gespeichert war. Den Schlüssel in den Einstellungen hinzufügen: Der Auftrag läuft dann weiter und wird nicht erneut bezahlt.</translation>
    </message>
    <message>
        <source>Your {provider} balance is too low for this job. Top up your credits, then retry.</source>
        <translation>Das Guthaben bei {provider} reicht für diesen Auftrag nicht aus. Credits aufladen und dann erneut versuchen.</translation>
    </message>
    <message>
        <source>{provider} is busy (too many requests). The job waits and retries by itself.</source>
        <translation>{provider} ist ausgelastet (zu viele Anfragen). Der Auftrag wartet und wird automatisch wiederholt.</translation>
    </message>
    <message>
        <source>{provider} is not reachable right now. Retry later.</source>
        <translation>{provider} ist gerade nicht erreichbar. Später erneut versuchen.</translation>
    </message>
    <message>
        <source>{provider} is taking longer than expected. The job resumes next time; retry later if it does not.</source>
        <translation>{provider} braucht länger als erwartet. Der Auftrag wird beim nächsten Mal fortgesetzt; falls nicht, später erneut versuchen.</translation>
    </message>
    <message>
        <source>It is unknown whether {provider} received the job (it may have been charged). Check your account before retrying.</source>
        <translation>Es ist unklar, ob {provider} den Auftrag erhalten hat (er wurde möglicherweise berechnet). Vor einem erneuten Versuch das Konto prüfen.</translation>
    </message>
    <message>
        <source>The result could not be saved. Check that the library folder exists and has free space.</source>
        <translation>Das Ergebnis konnte nicht gespeichert werden. Prüfen, ob der Bibliotheksordner existiert und genug freier Speicher vorhanden ist.</translation>
    </message>
    <message>
        <source>The disk is full, so the result could not be saved. Free some space, then press Retry; the job is not paid again.</source>
        <translation>Der Datenträger ist voll, daher konnte das Ergebnis nicht gespeichert werden. Speicher freigeben und dann „Wiederholen“ drücken; der Auftrag wird nicht erneut bezahlt.</translation>
    </message>
    <message>
        <source>{provider} returned a result that is not a usable image. Retry the job.</source>
        <translation>{provider} hat ein Ergebnis geliefert, das kein brauchbares Bild ist. Den Auftrag wiederholen.</translation>
    </message>
    <message>
        <source>{provider} could not make this image.</source>
        <translation>{provider} konnte dieses Bild nicht erstellen.</translation>
    </message>
    <message>
        <source>The request was refused.</source>
        <translation>Die Anfrage wurde abgelehnt.</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>Etwas ist schiefgelaufen.</translation>
    </message>
    <message>
        <source>Add a valid key in Settings.</source>
        <translation>Einen gültigen Schlüssel in den Einstellungen hinzufügen.</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <extracomment>Causes that belong to the provider&apos;s account, not to one job: a working key or a job the provider took puts them right.</extracomment>
        <translation>Etwas ist schiefgelaufen: {detail}</translation>
    </message>
</context>
<context>
    <name>studio.queue</name>
    <message>
        <source>Waiting to start</source>
        <translation>Wartet auf Start</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird heruntergeladen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Ergebnis unbekannt</translation>
    </message>
    <message>
        <source>Waiting: {reason}</source>
        <translation>Wartet: {reason}</translation>
    </message>
</context>
<context>
    <name>studio.references</name>
    <message>
        <source>Not used by this model</source>
        <translation>Von diesem Modell nicht verwendet</translation>
    </message>
    <message>
        <source>Optional, up to {high} images</source>
        <translation>Optional, bis zu {high} Bilder</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} Bilder</translation>
    </message>
    <message>
        <source>{low}-{high} images</source>
        <translation>{low}–{high} Bilder</translation>
    </message>
</context>
<context>
    <name>studio.results</name>
    <message>
        <source>View</source>
        <translation>Ansehen</translation>
    </message>
    <message>
        <source>Open in another app</source>
        <translation>In anderer Anwendung öffnen</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Export without metadata…</source>
        <translation>Ohne Metadaten exportieren…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>Bild kopieren</translation>
    </message>
    <message>
        <source>Copy prompt</source>
        <translation>Prompt kopieren</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner anzeigen</translation>
    </message>
    <message>
        <source>Use as reference</source>
        <translation>Als Referenzbild verwenden</translation>
    </message>
    <message>
        <source>Reuse prompt and settings</source>
        <translation>Als Vorlage verwenden</translation>
    </message>
    <message>
        <source>Star or unstar</source>
        <translation>Stern setzen oder entfernen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>studio.sizing</name>
    <message>
        <source>{size} is above 2560x1440, which {model} offers as experimental.</source>
        <extracomment>The long edge of each resolution tier. gpt-image-2&apos;s limits for free sizes (reference/openai-openapi.yaml, CreateImageRequest.size). How far a computed size may be from the asked ratio. The value of the model&apos;s size field (a pixel size or &quot;auto&quot;), where it takes one. Sent as the ratio / resolution fields of providers that take them themselves. The pixel size that will be requested, where it is known before sending. Said before sending: a size other than the one asked for, or an experimental one.</extracomment>
        <translation>{size} liegt über 2560x1440; das bietet {model} nur experimentell an.</translation>
    </message>
    <message>
        <source>{model} has no {ratio} {tier} size; closest supported: {size}, {shape}.</source>
        <translation>{model} hat keine Größe {ratio} {tier}; nächstliegende unterstützte: {size}, {shape}.</translation>
    </message>
</context>
<context>
    <name>studio.validation</name>
    <message>
        <source>The address {url} is not encrypted. Use https:// (plain http:// is only allowed for this computer, such as 127.0.0.1).</source>
        <translation>Die Adresse {url} ist nicht verschlüsselt. https:// verwenden (unverschlüsseltes http:// ist nur für diesen Computer erlaubt, etwa 127.0.0.1).</translation>
    </message>
    <message>
        <source>{url} is not a web address (it must start with https://).</source>
        <translation>{url} ist keine Webadresse (sie muss mit https:// beginnen).</translation>
    </message>
    <message>
        <source>The reference {url} cannot be used: only https:// links to images are accepted.</source>
        <translation>Das Referenzbild {url} kann nicht verwendet werden: Nur https://-Links auf Bilder sind erlaubt.</translation>
    </message>
    <message>
        <source>Unknown provider {name}.</source>
        <translation>Unbekannter Anbieter {name}.</translation>
    </message>
    <message>
        <source>{provider} has no model called {model}. Choose one of: {names}.</source>
        <translation>{provider} hat kein Modell namens {model}. Eines davon wählen: {names}.</translation>
    </message>
    <message>
        <source>Write a prompt first: it is empty.</source>
        <translation>Zuerst einen Prompt schreiben: Er ist leer.</translation>
    </message>
    <message>
        <source>The prompt is {length} characters long; {model} accepts at most {limit}. Shorten it by {over}.</source>
        <translation>Der Prompt ist {length} Zeichen lang; {model} akzeptiert höchstens {limit}. Um {over} Zeichen kürzen.</translation>
    </message>
    <message>
        <source>{model} has no {name} setting; leave it out.</source>
        <translation>{model} hat keine Einstellung „{name}“; bitte weglassen.</translation>
    </message>
    <message>
        <source>{model} does not offer {name} {value}. Choose one of: {allowed}.</source>
        <translation>{model} bietet für „{name}“ nicht {value} an. Einen dieser Werte wählen: {allowed}.</translation>
    </message>
    <message>
        <source>The size {size} is not possible: width and height must be multiples of 16, the shape between 1:3 and 3:1, and at most 3840x2160.</source>
        <translation>Die Größe {size} ist nicht möglich: Breite und Höhe müssen Vielfache von 16 sein, das Seitenverhältnis zwischen 1:3 und 3:1 liegen und höchstens 3840x2160 betragen.</translation>
    </message>
    <message>
        <source>{model} has no size setting; leave it out.</source>
        <translation>{model} hat keine Größeneinstellung; bitte weglassen.</translation>
    </message>
    <message>
        <source>{model} does not accept the size {size} (for example: {example}).</source>
        <translation>{model} akzeptiert die Größe {size} nicht (zum Beispiel: {example}).</translation>
    </message>
    <message>
        <source>{model} makes one image per job.</source>
        <translation>{model} erzeugt ein Bild pro Auftrag.</translation>
    </message>
    <message>
        <source>Ask for 1 to {limit} images; {model} allows no more.</source>
        <translation>1 bis {limit} Bilder anfordern; {model} erlaubt nicht mehr.</translation>
    </message>
    <message>
        <source>Moderation is either low or auto.</source>
        <translation>Der Inhaltsfilter ist entweder low oder auto.</translation>
    </message>
    <message>
        <source>Background is transparent, opaque or auto.</source>
        <translation>Der Hintergrund ist transparent, opaque oder auto.</translation>
    </message>
    <message>
        <source>A transparent background needs the PNG or WebP format.</source>
        <translation>Ein transparenter Hintergrund erfordert das Format PNG oder WebP.</translation>
    </message>
    <message>
        <source>Compression is a whole number from 0 to 100.</source>
        <translation>Die Kompression ist eine ganze Zahl von 0 bis 100.</translation>
    </message>
    <message>
        <source>Compression applies only to JPEG and WebP results.</source>
        <translation>Die Kompression gilt nur für Ergebnisse im Format JPEG und WebP.</translation>
    </message>
    <message>
        <source>{model} edits pictures: add {low} to {high} reference images.</source>
        <translation>{model} bearbeitet Bilder: {low} bis {high} Referenzbilder hinzufügen.</translation>
    </message>
    <message>
        <source>{model} does not take reference images; remove them.</source>
        <translation>{model} nimmt keine Referenzbilder an; bitte entfernen.</translation>
    </message>
    <message>
        <source>{model} takes at most {high} reference images; you added {count}. Remove {over}.</source>
        <translation>{model} nimmt höchstens {high} Referenzbilder an; hinzugefügt sind {count}. {over} entfernen.</translation>
    </message>
    <message>
        <source>{provider} only accepts reference images as https:// links, and {name} is a file on this computer. Set up reference hosting in your own bucket ({hosting}), paste a link to the image instead, or allow sending local files inline ({consent}).</source>
        <translation>{provider} akzeptiert Referenzbilder nur als https://-Links, und {name} ist eine Datei auf diesem Computer. Referenz-Hosting im eigenen Bucket einrichten ({hosting}), stattdessen einen Link auf das Bild einfügen oder das direkte Mitsenden lokaler Dateien erlauben ({consent}).</translation>
    </message>
    <message>
        <source>{name} cannot be read: the file does not exist or is not accessible.</source>
        <extracomment>Anything above this many pixels is treated as a decompression bomb (about 90 MP). Files larger than this are refused before decoding. Formats Pillow decodes with libjpeg, which can decode at 1/2, 1/4 or 1/8 scale (`draft`). &quot;MPO&quot; is a JPEG with an MPF index (a depth map, a gain map): what many phones and cameras write, and Pillow names it by that index. Grey of more than 8 bits (a 16-bit PNG or TIFF): `convert` clips these values at 255.</extracomment>
        <translation>{name} kann nicht gelesen werden: Die Datei existiert nicht oder ist nicht zugänglich.</translation>
    </message>
    <message>
        <source>{name} is not a file.</source>
        <translation>{name} ist keine Datei.</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes) and cannot be used as a reference.</source>
        <translation>{name} ist leer (0 Byte) und kann nicht als Referenzbild verwendet werden.</translation>
    </message>
    <message>
        <source>{name} is too large to use as a reference.</source>
        <translation>{name} ist zu groß, um als Referenzbild verwendet zu werden.</translation>
    </message>
    <message>
        <source>{name} is not an image the studio can read (PNG, JPEG, WebP, ...).</source>
        <translation>{name} ist kein Bild, das Image Studio lesen kann (PNG, JPEG, WebP, …).</translation>
    </message>
    <message>
        <source>{name} has too many pixels (over 90 megapixels) to be used safely as a reference.</source>
        <translation>{name} hat zu viele Pixel (über 90 Megapixel), um sicher als Referenzbild verwendet zu werden.</translation>
    </message>
    <message>
        <source>{name} is damaged or incomplete and cannot be used as a reference.</source>
        <translation>{name} ist beschädigt oder unvollständig und kann nicht als Referenzbild verwendet werden.</translation>
    </message>
    <message>
        <source>{provider} does not document masks for {model}; remove the mask.</source>
        <translation>{provider} dokumentiert keine Masken für {model}; entfernen Sie die Maske.</translation>
    </message>
    <message>
        <source>A mask marks what to change in a reference image: add one first.</source>
        <translation>Eine Maske markiert, was in einem Referenzbild geändert werden soll: Fügen Sie zuerst eines hinzu.</translation>
    </message>
    <message>
        <source>With a mask, the first reference must be a file on this computer, so the studio can check that the mask has its size before paying.</source>
        <translation>Mit einer Maske muss die erste Referenz eine Datei auf diesem Computer sein, damit das Studio vor dem Bezahlen prüfen kann, dass die Maske ihre Größe hat.</translation>
    </message>
    <message>
        <source>{provider} takes linked reference images (or moderation on an edit) only with the sizes {allowed}, not {size}. Use files on this computer for the references and leave moderation out, or use one of those sizes.</source>
        <translation>{provider} nimmt verlinkte Referenzbilder (oder Moderation bei einer Bearbeitung) nur mit den Größen {allowed} an, nicht {size}. Nehmen Sie Dateien von diesem Computer als Referenzen und lassen Sie die Moderation weg, oder wählen Sie eine dieser Größen.</translation>
    </message>
    <message>
        <source>Input fidelity is either high or low.</source>
        <translation>Die Treue zur Vorlage ist entweder high oder low.</translation>
    </message>
    <message>
        <source>Input fidelity applies to edits: add a reference image or leave it out.</source>
        <translation>Die Treue zur Vorlage gilt für Bearbeitungen: Fügen Sie ein Referenzbild hinzu oder lassen Sie sie weg.</translation>
    </message>
    <message>
        <source>The user id is one line of at most {limit} printable characters.</source>
        <translation>Die Endnutzer-ID ist eine Zeile aus höchstens {limit} druckbaren Zeichen.</translation>
    </message>
    <message>
        <source>Partial images is a whole number from 0 to 3.</source>
        <translation>Die Zahl der Vorschauen ist eine ganze Zahl von 0 bis 3.</translation>
    </message>
    <message>
        <source>Live previews stream one image: ask for 1 image or turn previews off.</source>
        <translation>Live-Vorschauen gibt es für ein Bild: Fordern Sie 1 Bild an oder schalten Sie die Vorschauen aus.</translation>
    </message>
    <message>
        <source>The mask {name} cannot be read.</source>
        <extracomment>The spec&apos;s limit for a mask file.</extracomment>
        <translation>Die Maske {name} kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The mask {name} must be a PNG file.</source>
        <translation>Die Maske {name} muss eine PNG-Datei sein.</translation>
    </message>
    <message>
        <source>The mask {name} is larger than 4 MB.</source>
        <translation>Die Maske {name} ist größer als 4 MB.</translation>
    </message>
    <message>
        <source>The mask {name} is damaged.</source>
        <translation>Die Maske {name} ist beschädigt.</translation>
    </message>
    <message>
        <source>The mask {name} has no transparent pixels: paint (make transparent) the parts the model should change.</source>
        <translation>Die Maske {name} hat keine transparenten Pixel: Malen Sie (machen Sie transparent), was das Modell ändern soll.</translation>
    </message>
    <message>
        <source>The mask {name} is {size}; it must be the size of the first reference image ({expected}).</source>
        <translation>Die Maske {name} ist {size} groß; sie muss so groß sein wie das erste Referenzbild ({expected}).</translation>
    </message>
</context>
<context>
    <name>studio.values</name>
    <message>
        <source>auto</source>
        <extracomment>API values the selectors offer that are words; everything else (1k, 16:9, png) shows as is.</extracomment>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>high</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>opaque</source>
        <translation>Deckend</translation>
    </message>
    <message>
        <source>transparent</source>
        <translation>Transparent</translation>
    </message>
    <message>
        <source>{amount} credits</source>
        <translation>{amount} Credits</translation>
    </message>
    <message>
        <source>Not charged</source>
        <translation>Nicht berechnet</translation>
    </message>
    <message>
        <source>≈ {amount}</source>
        <translation>≈ {amount}</translation>
    </message>
    <message>
        <source>The provider charged nothing for this job.</source>
        <translation>Der Anbieter hat für diesen Auftrag nichts berechnet.</translation>
    </message>
    <message>
        <source>What the provider charged.</source>
        <translation>Was der Anbieter berechnet hat.</translation>
    </message>
    <message>
        <source>An estimate from the prices; the provider has not reported a charge.</source>
        <translation>Eine Schätzung nach Preisliste; der Anbieter hat noch keine Abbuchung gemeldet.</translation>
    </message>
    <message>
        <source>This provider does not report a price.</source>
        <translation>Dieser Anbieter nennt keinen Preis.</translation>
    </message>
</context>
<context>
    <name>studio.waits</name>
    <message>
        <source>an API key is needed</source>
        <extracomment>Why a held job waits, by the kind recorded (the window shows &quot;Waiting: &lt;reason&gt;&quot;).</extracomment>
        <translation>ein API-Schlüssel wird benötigt</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>der Datenträger ist voll</translation>
    </message>
    <message>
        <source>the library folder cannot be written</source>
        <translation>in den Bibliotheksordner kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>{reason}; retrying in {seconds} s</source>
        <translation>{reason}; neuer Versuch in {seconds} s</translation>
    </message>
    <message>
        <source>The download from {provider} was interrupted</source>
        <translation>Der Download von {provider} wurde unterbrochen</translation>
    </message>
    <message>
        <source>{provider} sent a garbled reply</source>
        <extracomment>The in-process demo&apos;s address; reachable only through an injected transport. Connections one client keeps open, idle or not: above any per-provider job limit the settings offer, so running jobs reuse connections instead of reconnecting per call. Idle connections are closed after this long: well before the 5 s after which uvicorn, Node and Apache close them by default, and longer than the engine&apos;s 2 s between polls.</extracomment>
        <translation>{provider} hat eine verstümmelte Antwort gesendet</translation>
    </message>
    <message>
        <source>{provider} sent an unreadable reply</source>
        <translation>{provider} hat eine unlesbare Antwort gesendet</translation>
    </message>
    <message>
        <source>Cannot reach {provider}</source>
        <extracomment>Reads a provider&apos;s error envelope from a reply.</extracomment>
        <translation>{provider} ist nicht erreichbar</translation>
    </message>
    <message>
        <source>{provider} is slow to answer</source>
        <translation>{provider} antwortet langsam</translation>
    </message>
    <message>
        <source>The connection to {provider} dropped</source>
        <translation>Die Verbindung zu {provider} ist abgebrochen</translation>
    </message>
    <message>
        <source>Rate limited by {provider}</source>
        <extracomment>Told about every wait before a retry: why (translatable, e.g. &quot;Rate limited by JoyAI&quot;) and the seconds. A `Retry-After` longer than this is not waited out: the call gives up and reports it. icodeeasy: hold the create call open until the images are ready instead of `?async=1`. Read timeout of paid create calls; icodeeasy holds a synchronous call up to ~200 s. Largest JSON reply read into memory (OpenAI&apos;s inline images get `max_inline_reply_bytes`). Use HTTP(S)_PROXY / NO_PROXY from the environment.</extracomment>
        <translation>Anfragelimit von {provider} erreicht</translation>
    </message>
    <message>
        <source>{provider} is busy (HTTP {status})</source>
        <translation>{provider} ist ausgelastet (HTTP {status})</translation>
    </message>
    <message>
        <source>the disk holding the journal is full</source>
        <translation>der Datenträger mit dem Journal ist voll</translation>
    </message>
</context>
</TS>
