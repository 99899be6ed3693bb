using System.Management.Automation;
using System.Net.Sockets;
using Sweep.Engine.Data;
using Sweep.PsModule.Errors;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.PsModule.Tests.Errors;

public sealed class SweepErrorsTests
{
    [Theory]
    [InlineData(RunFolderFailure.NotFound, "RunFolderNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(RunFolderFailure.SpecMismatch, "SpecMismatch", ErrorCategory.InvalidOperation)]
    [InlineData(RunFolderFailure.NewerSchema, "RunFolderNewerSchema", ErrorCategory.InvalidOperation)]
    [InlineData(RunFolderFailure.NotWritable, "RunFolderNotWritable", ErrorCategory.PermissionDenied)]
    [InlineData(RunFolderFailure.Corrupt, "RunFolderCorrupt", ErrorCategory.InvalidData)]
    [InlineData(RunFolderFailure.InUse, "RunFolderInUse", ErrorCategory.ResourceUnavailable)]
    public void Run_folder_failures_map_to_stable_ids_and_categories(RunFolderFailure reason, string id, ErrorCategory category)
    {
        var record = SweepErrors.From(new RunFolderException(reason, "runs/x: " + reason), "Fallback", "runs/x");

        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("runs/x", record.TargetObject);
    }

    [Fact]
    public void A_spec_exception_is_InvalidSpec_with_every_json_path_in_the_message()
    {
        var spec = new SpecException("grid.json", [new SpecError("axes.optimizer[2]", "unknown optimizer", 4, 30), new SpecError("base.lr", "must be > 0", 6, 12)]);

        var record = SweepErrors.From(spec, "Fallback", "grid.json");

        Assert.Equal("InvalidSpec", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Contains("grid.json:4:30: axes.optimizer[2]: unknown optimizer", record.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("base.lr", record.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_file_that_is_not_utf8_is_InvalidSpec_InvalidData_naming_the_file_and_byte_offset()
    {
        string folder = Directory.CreateTempSubdirectory("sweep-errors-").FullName;
        try
        {
            string file = Path.Combine(folder, "latin1.json");
            File.WriteAllBytes(file, [.. "{ \"name\": \"caf"u8.ToArray(), 0xE9, .. "\" }"u8.ToArray()]);
            var spec = Assert.Throws<SpecException>(() => SpecParser.ParseFile(file));

            var record = SweepErrors.From(spec, "Fallback", file);

            Assert.Equal("InvalidSpec", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, record.CategoryInfo.Category);
            Assert.Contains($"{file}:1:15: invalid UTF-8 at byte offset 14 (byte 0xE9)", record.Exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_address_in_use_deep_in_the_chain_is_PortInUse()
    {
        var bind = new SocketException((int)SocketError.AddressAlreadyInUse);
        var wrapped = new AggregateException(new InvalidOperationException("cannot listen on 127.0.0.1:4053", new InvalidOperationException("transport", bind)));

        var record = SweepErrors.From(wrapped, "Fallback", "runs/x", "127.0.0.1", 4053);

        Assert.Equal("PortInUse", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, record.CategoryInfo.Category);
        Assert.Equal(4053, record.TargetObject);
    }

    [Fact]
    public void A_dataset_exception_is_DatasetUnusable()
    {
        var record = SweepErrors.From(new DatasetException("data.csv: no label column 'y'"), "Fallback", "runs/x");

        Assert.Equal("DatasetUnusable", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ReadError, record.CategoryInfo.Category);
    }

    [Fact]
    public void Anything_else_keeps_the_fallback_id_and_its_own_message()
    {
        var record = SweepErrors.From(new TimeoutException("no worker connected for 00:01:00"), "SweepFailed", "runs/x");

        Assert.Equal("SweepFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
        Assert.Equal("no worker connected for 00:01:00", record.Exception.Message);
    }
}
