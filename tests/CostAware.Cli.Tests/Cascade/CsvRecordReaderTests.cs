using CostAware.Cli.Cascade;

namespace CostAware.Cli.Tests.Cascade;

public class CsvRecordReaderTests
{
    [Fact]
    public void Quoted_fields_keep_commas_line_breaks_and_doubled_quotes()
    {
        var records = Read("a,b\r\n\"x, \"\"y\"\"\r\nz\",\"\"\n\nlast,\"\"\"\"");

        records.Should().HaveCount(3);
        records[0].Should().BeEquivalentTo(new CsvRecord(1, ["a", "b"], null));
        records[1].Should().BeEquivalentTo(new CsvRecord(2, ["x, \"y\"\r\nz", ""], null));
        records[2].Should().BeEquivalentTo(new CsvRecord(5, ["last", "\""], null), "the blank line 4 is skipped");
    }

    [Fact]
    public void A_quote_that_never_closes_is_reported_on_the_line_it_opens()
    {
        var records = Read("a,b\n1,\"open\n2,3\n");

        records.Should().HaveCount(2);
        records[1].Line.Should().Be(2);
        records[1].Error.Should().Be("field 2 opens a quote that is never closed");
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_an_error()
    {
        var records = Read("a,b\n1,x\"y\n");

        records[1].Error.Should().Be("field 2 has a quote inside an unquoted field (quote the field and double the quote)");
        records[1].Fields.Should().Equal("1", "x\"y");
    }

    private static List<CsvRecord> Read(string text)
    {
        using var reader = new StringReader(text);
        return [.. CsvRecordReader.Read(reader)];
    }
}
