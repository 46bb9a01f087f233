class Python:
    def __init__(self, typescript=False):
        self.name = "python" + str(typescript)

    def options(self, cat):
        return None
