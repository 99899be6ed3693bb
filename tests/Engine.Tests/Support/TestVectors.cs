using System.Text.Json;

namespace Sweep.Engine.Tests.Support;

/// <summary>Reads the PyTorch reference vectors in TestData/testvectors (see the README there).</summary>
internal static class TestVectors
{
    public static IReadOnlyList<JsonElement> Cases(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "testvectors", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }

    public static JsonElement Case(string file, string key, string value) =>
        Cases(file).Single(c => c.GetProperty(key).GetString() == value);

    /// <summary>A nested list of numbers flattened row-major to float32.</summary>
    public static float[] Floats(JsonElement element) => Doubles(element).Select(d => (float)d).ToArray();

    public static double[] Doubles(JsonElement element)
    {
        var values = new List<double>();
        Flatten(element, values);
        return values.ToArray();
    }

    public static int[] Ints(JsonElement element) => element.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>Rows and columns of a nested 2-D list.</summary>
    public static (int Rows, int Columns) Shape(JsonElement matrix) =>
        (matrix.GetArrayLength(), matrix[0].GetArrayLength());

    private static void Flatten(JsonElement element, List<double> into)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, into);
            }
        }
        else
        {
            into.Add(element.GetDouble());
        }
    }
}
