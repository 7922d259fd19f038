// shoal: the command-line program. Wiring only; the commands live in core/cli.
#include <shoal/cli/shoal_cli.h>

int main(int argc, char** argv) {
    return shoal::cli::run(argc, argv);
}
