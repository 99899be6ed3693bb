using Sweep.Engine.Config;

namespace Sweep.Specs.Tests;

public class SpecFieldsTests
{
    [Fact]
    public void Every_setting_but_the_seed_is_listed_with_its_schema_facts()
    {
        IReadOnlyList<SpecFieldInfo> fields = SpecFields.List();

        Assert.Equal(ConfigSchema.Names.Where(n => n != "seed"), fields.Select(f => f.Name));
        SpecFieldInfo optimizer = fields.Single(f => f.Name == "optimizer");
        Assert.Equal(Catalog.Optimizers, optimizer.AllowedValues);
        Assert.Equal("string", optimizer.Kind);
        Assert.Equal("double?", fields.Single(f => f.Name == "momentum").Kind);
        Assert.Equal("dataset", fields.Single(f => f.Name == "samples").Group);
        Assert.Equal("top level", fields.Single(f => f.Name == "steps").Group);
        Assert.Equal(new TrialConfig().Width, fields.Single(f => f.Name == "width").Default);
    }

    [Fact]
    public void The_help_text_names_every_spec_key_and_setting()
    {
        string help = SpecFields.Describe();

        foreach (string key in new[] { "name", "dataset", "base", "axes", "seeds", "sample", "exclude", "ranking", "log_uniform", "int_uniform" })
        {
            Assert.Contains(key, help, StringComparison.Ordinal);
        }

        foreach (ConfigField field in ConfigSchema.Fields.Where(f => f.Name != "seed"))
        {
            Assert.Contains(field.Name, help, StringComparison.Ordinal);
            Assert.Contains(field.Description, help, StringComparison.Ordinal);
        }

        Assert.Contains(string.Join(", ", Catalog.Inits), help, StringComparison.Ordinal);
    }
}
