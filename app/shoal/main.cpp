// shoal: the command-line program. Wiring only; the commands live in core/cli.
#include <shoal/cli/shoal_cli.h>
#include <shoal/common/free_memory.h>

int main(int argc, char** argv) {
    shoal::limit_retained_memory();
    return shoal::cli::run(argc, argv);
}
