using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Sweep.Specs.Parsing;

/// <summary>
/// Reads JSON into a <see cref="SpecNode"/> tree with the line and column of every token.
/// Comments and trailing commas are accepted (specs are hand-written); duplicate keys and
/// malformed JSON are errors that carry the position and the path reached so far.
/// </summary>
internal sealed class JsonSpecReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly byte[] _utf8;
    private readonly int[] _lineStarts;
    private readonly SpecErrorList _errors;
    // The path reached, for a malformed-JSON error: item _pathIndex of _pathParent (the path itself when
    // the index is -1). Kept in two parts so an array of a million scalars builds no million path strings.
    private string _pathParent = "";
    private int _pathIndex = -1;

    // Tokens are met in order: counting columns on from the previous token keeps positions O(1) each,
    // even when a whole spec sits on one long line.
    private int _lastLine = -1;
    private int _lastByte;
    private int _lastColumn;

    private JsonSpecReader(byte[] utf8, SpecErrorList errors)
    {
        _utf8 = utf8;
        _errors = errors;
        _lineStarts = FindLineStarts(utf8);
    }

    /// <summary>The tree, or null when the JSON is malformed (the reason is added to <paramref name="errors"/>).</summary>
    public static SpecNode? Read(byte[] utf8, SpecErrorList errors)
    {
        int start = utf8.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        if (start > 0)
        {
            utf8 = utf8[start..];
        }

        return new JsonSpecReader(utf8, errors).ReadDocument();
    }

    /// <summary>
    /// Null when <paramref name="utf8"/> (a whole file, preamble included) is valid UTF-8; else an error
    /// naming the 0-based byte offset of the first invalid sequence, with its line and column.
    /// </summary>
    public static SpecError? CheckUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return null;
        }

        int offset = 0;
        while (Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        ReadOnlySpan<byte> before = utf8[..offset];
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        int line = before.Count((byte)'\n') + 1;
        int column = 1;
        foreach (byte b in before[lineStart..])
        {
            column += (b & 0xC0) != 0x80 ? 1 : 0;
        }

        string message = string.Create(CultureInfo.InvariantCulture,
            $"invalid UTF-8 at byte offset {offset} (byte 0x{utf8[offset]:X2}): a spec must be UTF-8 text; save the file as UTF-8");
        return new SpecError("", message, line, column);
    }

    private SpecNode? ReadDocument()
    {
        if (_utf8.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            _errors.Add(new SpecError("", "the spec is empty: expected a JSON object", 1, 1));
            return null;
        }

        var reader = new Utf8JsonReader(_utf8, Options);
        try
        {
            reader.Read();
            SpecNode root = ReadValue(ref reader, "", -1);
            (_pathParent, _pathIndex) = ("", -1);

            // With the final block given, reading past the root throws on any content but whitespace and comments.
            reader.Read();
            return root;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0);
            int bytesInLine = (int)(e.BytePositionInLine ?? 0);
            var position = PositionOfLineOffset(line, bytesInLine);
            _errors.Add(new SpecError(PathOf(_pathParent, _pathIndex), "invalid JSON: " + Describe(e), position.Line, position.Column));
            return null;
        }
    }

    /// <summary>The value at item <paramref name="index"/> of <paramref name="parent"/> (at <paramref name="parent"/> itself when the index is -1).</summary>
    private SpecNode ReadValue(ref Utf8JsonReader reader, string parent, int index)
    {
        (_pathParent, _pathIndex) = (parent, index);
        var position = PositionOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, PathOf(parent, index), position);
            case JsonTokenType.StartArray:
                string path = PathOf(parent, index);
                var items = new List<SpecNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, path, items.Count));
                }

                return new ArrayNode(items, position);
            case JsonTokenType.String:
                return new ScalarNode(reader.GetString(), position);
            case JsonTokenType.Number:
                return new ScalarNode(ReadNumber(ref reader, parent, index, position), position);
            case JsonTokenType.True:
                return new ScalarNode(true, position);
            case JsonTokenType.False:
                return new ScalarNode(false, position);
            default:
                return new ScalarNode(null, position);
        }
    }

    private ObjectNode ReadObject(ref Utf8JsonReader reader, string path, SourcePosition position)
    {
        var members = new List<MemberNode>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            var keyPosition = PositionOf(reader.TokenStartIndex);
            string memberPath = SpecPath.Member(path, key);
            (_pathParent, _pathIndex) = (memberPath, -1);
            reader.Read();
            SpecNode value = ReadValue(ref reader, memberPath, -1);
            if (seen.TryGetValue(key, out var first))
            {
                _errors.Add(new SpecError(memberPath, $"duplicate key '{key}' (first given at line {first.Line})", keyPosition.Line, keyPosition.Column));
                continue;
            }

            seen.Add(key, keyPosition);
            members.Add(new MemberNode(key, keyPosition, value));
        }

        return new ObjectNode(members, position);
    }

    private object ReadNumber(ref Utf8JsonReader reader, string parent, int index, SourcePosition position)
    {
        if (reader.TryGetInt64(out long integer))
        {
            return integer;
        }

        if (reader.TryGetDouble(out double number) && double.IsFinite(number))
        {
            return number;
        }

        _errors.Add(new SpecError(PathOf(parent, index), "the number is too large", position.Line, position.Column));
        return double.NaN;
    }

    private static string PathOf(string parent, int index) => index < 0 ? parent : SpecPath.Item(parent, index);

    /// <summary>The reader's message without its "LineNumber: .. | BytePositionInLine: .." tail, which the position replaces.</summary>
    private static string Describe(JsonException e)
    {
        string message = e.Message;
        int tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (tail < 0)
        {
            tail = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (tail >= 0 ? message[..tail] : message).TrimEnd();
    }

    private SourcePosition PositionOf(long byteOffset)
    {
        int line = Array.BinarySearch(_lineStarts, (int)byteOffset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return PositionOfLineOffset(line, (int)byteOffset - _lineStarts[line]);
    }

    /// <summary>0-based line and byte offset within it -> 1-based line and character column (UTF-8 continuation bytes do not count).</summary>
    private SourcePosition PositionOfLineOffset(int line, int bytesInLine)
    {
        line = Math.Clamp(line, 0, _lineStarts.Length - 1);
        int end = Math.Min(_lineStarts[line] + Math.Max(bytesInLine, 0), _utf8.Length);
        bool resume = line == _lastLine && end >= _lastByte;
        int start = resume ? _lastByte : _lineStarts[line];
        int column = resume ? _lastColumn : 1;
        for (int i = start; i < end; i++)
        {
            if ((_utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        (_lastLine, _lastByte, _lastColumn) = (line, end, column);
        return new SourcePosition(line + 1, column);
    }

    private static int[] FindLineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
