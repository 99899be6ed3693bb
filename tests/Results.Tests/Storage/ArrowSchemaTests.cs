using Apache.Arrow.Types;
using ParquetSharp;
using Sweep.Engine.Config;

namespace Sweep.Results.Tests.Storage;

/// <summary>
/// ParquetSharp wraps Arrow C++, the engine pyarrow (and so pandas) uses: the Arrow schema it infers
/// is the one <c>pd.read_parquet</c> would see. Also checks the physical choices: Zstd, dictionary
/// encoding where hinted, no byte-stream-split, key-value metadata.
/// </summary>
public sealed class ArrowSchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Trials_have_the_arrow_types_and_nullability_pyarrow_would_infer()
    {
        var (folder, _) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));
        using var reader = new ParquetSharp.Arrow.FileReader(Path.Combine(folder.Path, "trials", "part-00001.parquet"));

        var actual = reader.Schema.FieldsList.Select(f => (f.Name, Describe(f.DataType), f.IsNullable)).ToList();

        var expected = ExternalReaders.TrialsColumns().Select(c => (c.Name, ArrowType(c.Kind), c.Nullable)).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Curves_and_layers_have_the_expected_arrow_types()
    {
        var (folder, _) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));
        using var curves = new ParquetSharp.Arrow.FileReader(Path.Combine(folder.Path, "curves", "part-00002.parquet"));
        using var layers = new ParquetSharp.Arrow.FileReader(Path.Combine(folder.Path, "layers", "part-00002.parquet"));

        Assert.Equal(ExternalReaders.CurvesColumns.Select(c => (c.Name, ArrowType(c.Kind))), curves.Schema.FieldsList.Select(f => (f.Name, Describe(f.DataType))));
        Assert.Equal(ExternalReaders.LayersColumns.Select(c => (c.Name, ArrowType(c.Kind))), layers.Schema.FieldsList.Select(f => (f.Name, Describe(f.DataType))));
    }

    [Fact]
    public async Task Parts_use_zstd_dictionaries_for_hinted_strings_no_byte_stream_split_and_carry_metadata()
    {
        var (folder, records) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));
        foreach (string table in new[] { "trials", "curves", "layers" })
        {
            using var file = new ParquetFileReader(Path.Combine(folder.Path, table, "part-00001.parquet"));
            var metadata = file.FileMetaData;
            Assert.Equal(folder.SweepId, metadata.KeyValueMetadata["sweep_id"]);
            Assert.Equal("1", metadata.KeyValueMetadata["schema_version"]);
            Assert.Equal(1, metadata.NumRowGroups);
            using var group = file.RowGroup(0);
            for (int c = 0; c < metadata.NumColumns; c++)
            {
                var chunk = group.MetaData.GetColumnChunkMetaData(c);
                string column = metadata.Schema.Column(c).Name;
                Assert.Equal(Compression.Zstd, chunk.Compression);
                Assert.DoesNotContain(Encoding.ByteStreamSplit, chunk.Encodings);
                Assert.NotEqual(PhysicalType.Int96, chunk.Type);
                if (column is "sweep_id" or "status" or "worker" or "worker_host" or "optimizer" or "kind")
                {
                    Assert.True(chunk.Encodings.Any(e => e is Encoding.PlainDictionary or Encoding.RleDictionary), $"{table}/{column}: {string.Join(", ", chunk.Encodings)}");
                }

                if (table == "trials" && column is "trial_id" or "error")
                {
                    Assert.DoesNotContain(chunk.Encodings, e => e is Encoding.PlainDictionary or Encoding.RleDictionary);
                }
            }

            file.Close();
        }

        Assert.NotEmpty(records);
    }

    private static string ArrowType(FieldKind kind) => kind switch
    {
        FieldKind.String => "utf8",
        FieldKind.Int => "int32",
        FieldKind.Long => "int64",
        FieldKind.Double => "double",
        FieldKind.Bool => "bool",
        FieldKind.Timestamp => "timestamp[us, tz=UTC]",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Describe(IArrowType type) => type switch
    {
        StringType => "utf8",
        Int32Type => "int32",
        Int64Type => "int64",
        DoubleType => "double",
        BooleanType => "bool",
        TimestampType ts => $"timestamp[{(ts.Unit == Apache.Arrow.Types.TimeUnit.Microsecond ? "us" : ts.Unit.ToString())}, tz={ts.Timezone}]",
        _ => type.Name,
    };
}
