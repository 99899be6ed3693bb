using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Sweep.Engine.Config;
using Sweep.PsModule.Completion;

namespace Sweep.PsModule.Tests.Completion;

public sealed class TrialSettingsTests
{
    [Fact]
    public void Key_type_data_has_one_note_property_per_config_field_holding_its_description()
    {
        var typeData = TrialSettings.KeyTypeData();

        Assert.Equal(typeof(TrialSettings).FullName, typeData.TypeName);
        Assert.Equal(ConfigSchema.Names.Order(StringComparer.Ordinal), typeData.Members.Keys.Order(StringComparer.Ordinal));
        var optimizer = Assert.IsType<NotePropertyData>(typeData.Members["optimizer"]);
        Assert.StartsWith(ConfigSchema.Find("optimizer")!.Description, (string)optimizer.Value);
        Assert.EndsWith($"One of: {string.Join(", ", Catalog.Optimizers)}.", (string)optimizer.Value);
    }

    [Fact]
    public void PowerShell_completes_keys_only_for_a_type_with_a_default_constructor_and_no_settable_properties_of_its_own()
    {
        // CompleteHashtableKey skips types without a public default constructor, and would offer every
        // settable .NET property as a key besides the config fields.
        Assert.NotNull(typeof(TrialSettings).GetConstructor(Type.EmptyTypes));
        Assert.DoesNotContain(typeof(TrialSettings).GetProperties(), p => p.CanWrite);
    }

    [Fact]
    public void Transformation_wraps_a_hashtable_or_a_config_as_given()
    {
        var transform = new TrialSettingsTransformationAttribute();
        var table = new Hashtable { ["lr"] = 0.1 };
        var config = new TrialConfig();

        var fromTable = Assert.IsType<TrialSettings>(transform.Transform(null!, new PSObject(table)));
        var fromConfig = Assert.IsType<TrialSettings>(transform.Transform(null!, config));

        Assert.Same(table, fromTable.Fields);
        Assert.Null(fromTable.Config);
        Assert.Same(config, fromConfig.Config);
        Assert.Same(fromTable, transform.Transform(null!, fromTable));
        Assert.Null(transform.Transform(null!, null));
    }

    [Fact]
    public void Transformation_refuses_anything_else_as_a_type_mismatch_saying_what_to_give()
    {
        var error = Assert.Throws<ArgumentTransformationMetadataException>(() => new TrialSettingsTransformationAttribute().Transform(null!, 5));

        Assert.Contains("Give a hashtable of trial settings", error.Message);
        Assert.Contains("Int32", error.Message);
        // The binder treats a transformation error with an inner PSInvalidCastException as "this parameter does not
        // take that pipeline object" and goes on binding (CmdletParameterBinderController.BindValueFromPipeline).
        Assert.IsType<PSInvalidCastException>(error.InnerException);
    }
}
