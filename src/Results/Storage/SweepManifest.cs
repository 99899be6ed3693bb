using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sweep.Results.Storage;

/// <summary>
/// sweep.json: what a run folder holds. <c>schema_version</c>, <c>sweep_id</c>, <c>name</c>,
/// <c>created_at</c> (UTC, when the folder was started), <c>updated_at</c>, <c>engine_version</c>,
/// <c>spec</c> (the canonical spec, as an object) and <c>history</c> (earlier specs of the folder,
/// oldest first, each with its sweep_id and when it was replaced by an extend).
/// </summary>
internal sealed record SweepManifest(
    int SchemaVersion,
    string SweepId,
    string Name,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string EngineVersion,
    string SpecJson,
    JsonArray History)
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads and checks sweep.json; a newer schema is reported before anything else is checked.</summary>
    /// <exception cref="RunFolderException">NotFound, NewerSchema or Corrupt, naming the file.</exception>
    public static SweepManifest Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RunFolderException(RunFolderFailure.NotFound, $"{path}: not found; this is not a Sweep run folder", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException(RunFolderFailure.Corrupt, $"{path}: cannot read: {ex.Message}", ex);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(text) as JsonObject ?? throw Corrupt(path, "is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: invalid JSON: {ex.Message}", ex);
        }

        int version = Integer(root, "schema_version", path);
        if (version > ParquetFormat.SchemaVersion)
        {
            throw new RunFolderException(RunFolderFailure.NewerSchema,
                $"{path}: written with results schema version {version}; this build reads up to {ParquetFormat.SchemaVersion}. Update Sweep to use this folder.");
        }

        if (version < 1)
        {
            throw Corrupt(path, $"schema_version: {version} is not a valid version");
        }

        var spec = root["spec"] as JsonObject ?? throw Corrupt(path, "spec: missing or not an object");
        var history = root["history"] switch
        {
            null => [],
            JsonArray array => (JsonArray)array.DeepClone(),
            _ => throw Corrupt(path, "history: not an array"),
        };

        return new SweepManifest(
            version,
            Text(root, "sweep_id", path),
            Text(root, "name", path),
            Time(root, "created_at", path),
            root.ContainsKey("updated_at") ? Time(root, "updated_at", path) : Time(root, "created_at", path),
            Text(root, "engine_version", path),
            spec.ToJsonString(),
            history);
    }

    /// <summary>Writes sweep.json atomically (temp file, flush, rename over the old one).</summary>
    public void Write(RunFolderLayout layout)
    {
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["sweep_id"] = SweepId,
            ["name"] = Name,
            ["created_at"] = FormatTime(CreatedAt),
            ["updated_at"] = FormatTime(UpdatedAt),
            ["engine_version"] = EngineVersion,
            ["spec"] = JsonNode.Parse(SpecJson),
            ["history"] = History.DeepClone(),
        };
        string temp = layout.ManifestTempPath();
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(root.ToJsonString(WriteOptions) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, layout.ManifestPath, overwrite: true);
        }
        catch
        {
            PartFiles.TryDelete(temp);
            throw;
        }
    }

    /// <summary>This manifest as a history entry: the spec it held and when it was replaced.</summary>
    public JsonObject ToHistoryEntry(DateTime replacedAt) => new()
    {
        ["sweep_id"] = SweepId,
        ["name"] = Name,
        ["engine_version"] = EngineVersion,
        ["replaced_at"] = FormatTime(replacedAt),
        ["spec"] = JsonNode.Parse(SpecJson),
    };

    public static string FormatTime(DateTime time) =>
        ColumnWriting.ToUtc(time).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static RunFolderException Corrupt(string path, string problem, Exception? inner = null) =>
        new(RunFolderFailure.Corrupt, $"{path}: {problem}", inner);

    private static string Text(JsonObject root, string key, string path) =>
        root[key] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrEmpty(text)
            ? text
            : throw Corrupt(path, $"{key}: missing or not a string");

    private static int Integer(JsonObject root, string key, string path) =>
        root[key] is JsonValue value && value.TryGetValue(out int number)
            ? number
            : throw Corrupt(path, $"{key}: missing or not an integer");

    private static DateTime Time(JsonObject root, string key, string path) =>
        DateTime.TryParse(Text(root, key, path), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw Corrupt(path, $"{key}: not a date and time");
}
